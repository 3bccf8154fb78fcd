using Compliance.Rules.Diagnostics;
using Compliance.Rules.Tests.TestSupport;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Loading;

/// <summary>SPEC §3, one mistake gives one diagnostic: a contract file that is not YAML gives its error and one note,
/// not an error for every test, waiver and <c>supersedes</c> that names its clauses.</summary>
public class UnreadableFileTests
{
    private static List<RuleSource> BundledRules() => Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot(), "rules"), "*.yaml", SearchOption.AllDirectories)
        .Select(f => new RuleSource(Path.GetRelativePath(TestPaths.RepoRoot(), f).Replace('\\', '/'), File.ReadAllText(f)))
        .ToList();

    [Test]
    public void BundledRules_WithATabInOneContract_GiveTheYamlErrorAndOneNote()
    {
        var sources = BundledRules();
        var i = sources.FindIndex(s => s.Path == "rules/msft-openai.yaml");
        var lines = sources[i].Content.Split('\n');
        var at = Array.FindIndex(lines, l => l.StartsWith("  title: ", StringComparison.Ordinal));
        lines[at] = "\t" + lines[at][2..];
        sources[i] = sources[i] with { Content = string.Join('\n', lines) };

        var result = new RuleSetLoader().LoadStrings(sources);

        Assert.That(result.Diagnostics.Select(d => $"{d.File}:{d.Line} {d.Code} {Diagnostic.SeverityName(d.Severity)}"), Is.EqualTo(new[]
        {
            $"rules/msft-openai.yaml:{at + 1} CMP0001 error",
            $"rules/msft-openai.yaml:{at + 1} CMP0095 info",
        }), string.Join("\n", result.Diagnostics));
        Assert.That(result.Diagnostics[1].Message, Does.StartWith("`rules/msft-openai.yaml` could not be read, so "));
    }

    [Test]
    public void BundledRules_AsCommitted_HaveNoErrors() =>
        Assert.That(new RuleSetLoader().LoadStrings(BundledRules()).Errors, Is.Empty);
}
