using System.Xml.Linq;
using NUnit.Framework;

namespace Compliance.Cli.Tests.Output;

/// <summary>A subject id or clause text from a pull request must not become a workflow command of the CI system that
/// reads the log: in no report format may a line begin with a command the tool did not mean to write.</summary>
public sealed class ReportInjectionTests
{
    /// <summary>A subject whose id holds line breaks followed by workflow commands, and an escape sequence.</summary>
    private static readonly string Hostile = FormatFixture.OnAws.Replace("\"on-aws\"",
        "\"x\\n::error::injected\\r::add-mask::secret\\r\\n::stop-commands::t\\u2028::warning::sep\\u001b[2J\"", StringComparison.Ordinal);

    private static readonly string HostileRules = FormatFixture.Rules.Replace(
        "message: \"call to {model} runs on {cloud}\"",
        "message: \"call to {model}\\n::error::from-the-rules runs on {cloud}\"",
        StringComparison.Ordinal);

    private static CliRun Check(string format, bool fromStdin)
    {
        using var temp = new TempDirectory();
        temp.Write("rules/acme.yaml", HostileRules);
        temp.Write("calls.jsonl", Hostile + "\n");
        string[] args = ["check", "--rules", "rules", "--input", fromStdin ? "-" : "calls.jsonl", "--format", format, "--fail-on", "none"];
        return CliRun.In(temp.Path, args, fromStdin ? Hostile + "\n" : "", FixedClock.Environment);
    }

    // The text format is left out here: its escaping belongs to the plain-text output (TextFormat), changed apart.
    [Test]
    public void NoLineOfAnyCheckFormat_BeginsWithAnInjectedCommand_OrHoldsARawControlCharacter(
        [Values("json", "jsonl", "sarif", "junit", "github", "markdown", "codequality")] string format,
        [Values(false, true)] bool fromStdin)
    {
        var run = Check(format, fromStdin);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var lines = run.Stdout.Split('\n');
        Assert.That(lines, Has.None.Contains('\r').And.None.Contains('\u001b').And.None.Contains('\u2028'), run.Stdout);
        var commands = lines.Where(l => l.TrimStart().StartsWith("::", StringComparison.Ordinal)).ToArray();
        if (format == "github")
        {
            Assert.That(commands, Has.All.Match(@"^::(error|warning|notice) (file=[^:,]*,line=\d+,)?title=[^:]*::"), run.Stdout);
            Assert.That(commands, Has.Length.EqualTo(1), "one annotation: the one failing clause");
        }
        else
        {
            Assert.That(commands, Is.Empty, run.Stdout);
        }
    }

    [Test]
    public void JUnit_WithHostileText_IsWellFormedXml_AndKeepsTheTextVisible()
    {
        var run = Check("junit", fromStdin: false);

        var document = XDocument.Parse(run.Stdout);
        var testcase = document.Descendants("testcase").Single();
        Assert.That(testcase.Attribute("name")!.Value, Does.StartWith("x\n::error::injected\r::add-mask::secret"), "an attribute keeps the line breaks as references");
        Assert.That(testcase.Attribute("name")!.Value, Does.EndWith("\\u001b[2J"), "the escape character, which XML 1.0 cannot hold, is written visibly");
    }
}
