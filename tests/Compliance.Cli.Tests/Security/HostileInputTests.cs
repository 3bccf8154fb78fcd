using System.Text.Json;
using NUnit.Framework;

namespace Compliance.Cli.Tests.Security;

/// <summary><c>check</c> under attack: hostile rules stop the run with exit 2 and a located message; hostile subjects
/// become indeterminate verdicts and the batch goes on; a report file is never left half written.</summary>
public sealed class HostileInputTests
{
    private const string Rules = """
        apiVersion: compliance/v1
        contract:
          id: acme
          title: Acme hosting agreement
          parties: [Acme, Contoso]
        clauses:
          - id: azure-only
            title: Stateless calls run on Azure
            text: Stateless calls to Acme models run on Azure.
            appliesTo: call
            when: { vendor: Acme, mode: stateless }
            require: { cloud: Azure }
        """;

    private const string Clean = """{"kind": "call", "id": "clean", "vendor": "Acme", "model": "m1", "mode": "stateless", "cloud": "Azure", "timestamp": "2026-03-01"}""";
    private const string OnAws = """{"kind": "call", "id": "on-aws", "vendor": "Acme", "model": "m1", "mode": "stateless", "cloud": "AWS", "timestamp": "2026-03-01"}""";

    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    private static JsonElement[] JsonLines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToArray();

    [Test]
    public void JsonLinesWithAnOverlongLineAndADeepObject_GiveOneIndeterminateVerdictEach_AndTheBatchGoesOn()
    {
        var rules = _temp.Write("rules/acme.yaml", Rules);
        var longLine = "{\"kind\": \"call\", \"id\": \"long\", \"model\": \"" + new string('m', 2 * 1024 * 1024) + "\"}";
        var deep = "{\"kind\": \"call\", \"id\": \"deep\", \"tags\": " + string.Concat(Enumerable.Repeat("{\"a\": ", 100)) + "1" + new string('}', 100) + "}";
        var input = _temp.Write("calls.jsonl", string.Join("\n", Clean, longLine, deep, "{not json", OnAws) + "\n");

        var run = CliRun.Of(["check", "--rules", rules, "--input", input, "--format", "jsonl"]);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        var verdicts = JsonLines(run.Stdout);
        Assert.That(verdicts.Select(v => v.GetProperty("source").GetString()),
            Is.EqualTo(Enumerable.Range(1, 5).Select(line => $"{input}:{line}")));
        Assert.That(verdicts.Select(v => v.GetProperty("outcome").GetString()),
            Is.EqualTo(new[] { "compliant", "indeterminate", "indeterminate", "indeterminate", "violation" }));
        Assert.That(verdicts[1].GetProperty("errors")[0].GetProperty("message").GetString(),
            Is.EqualTo("the line is longer than the limit of 1048576 characters"));
        Assert.That(verdicts[2].GetProperty("errors")[0].GetProperty("message").GetString(),
            Does.EndWith("the maximum configured depth of 64 has been exceeded"));
        Assert.That(verdicts[3].GetProperty("errors")[0].GetProperty("message").GetString(), Does.StartWith("malformed JSON at column 2: "));
    }

    [Test]
    public void RuleWithAForbiddenExpression_ExitsTwo_NamingFileLineAndColumn()
    {
        var rules = _temp.Write("rules/acme.yaml", Rules.Replace("require: { cloud: Azure }",
            "require:\n      expression: \"subject.GetType().Assembly.Location != null\"",
            StringComparison.Ordinal));

        var run = CliRun.Of(["check", "--rules", rules, "--input", _temp.Write("calls.jsonl", Clean + "\n")]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.StartWith($"{rules}:13:19: error CMP0028: the expression uses the method `GetType`, which expressions may not reach"));
        Assert.That(run.Stdout, Is.Empty);
    }

    [Test]
    public void RuleFileThatIsAnAliasBomb_ExitsTwo_AtTheFirstAnchor()
    {
        var bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
            + string.Concat("bcdefghi".Select((name, i) => $"{name}: &{name} [{string.Join(",", Enumerable.Repeat($"*{"abcdefghi"[i]}", 9))}]\n"));
        var rules = _temp.Write("rules/bomb.yaml", bomb);

        var run = CliRun.Of(["check", "--rules", rules, "--input", _temp.Write("calls.jsonl", Clean + "\n")]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.StartWith($"{rules}:1:4: error CMP0002: anchors are not allowed in rule files (`&a`)\n"));
    }

    [Test]
    public void CatastrophicRegexOnAHostileSubject_IsAnErrorClause_AndAnIndeterminateVerdict()
    {
        var rules = _temp.Write("rules/acme.yaml", Rules.Replace("require: { cloud: Azure }", @"require: { model: { matches: '^(a+)+\1b$' } }", StringComparison.Ordinal));
        var hostile = Clean.Replace("\"m1\"", $"\"{new string('a', 40)}\"", StringComparison.Ordinal);

        var run = CliRun.Of(["check", "--rules", rules, "--input", _temp.Write("calls.jsonl", hostile + "\n" + Clean + "\n"), "--format", "jsonl"]);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        var verdicts = JsonLines(run.Stdout);
        Assert.That(verdicts.Select(v => v.GetProperty("outcome").GetString()), Is.EqualTo(new[] { "indeterminate", "violation" }));
        var clause = verdicts[0].GetProperty("clauses")[0];
        Assert.That(clause.GetProperty("status").GetString(), Is.EqualTo("error"));
        Assert.That(clause.GetProperty("message").GetString(), Is.EqualTo(@"pattern `^(a+)+\1b$` on `model` timed out after 50 ms"));
    }

    [Test]
    public void OutputUnderAFile_ExitsTwo_WithAClearMessage()
    {
        var rules = _temp.Write("rules/acme.yaml", Rules);
        var notADirectory = _temp.Write("report.json", "an older report\n");
        var output = Path.Combine(notADirectory, "report.json");

        var run = CliRun.Of(["check", "--rules", rules, "--input", _temp.Write("calls.jsonl", Clean + "\n"), "--output", output]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.StartWith($"compliance check: error: cannot write output `{output}`: "));
        Assert.That(run.Stderr.TrimEnd('\n'), Does.Not.Contain("\n"), "one line");
        Assert.That(File.ReadAllText(notADirectory), Is.EqualTo("an older report\n"));
    }

    [Test]
    public void InputThatFailsHalfwayThroughTheReport_ExitsTwo_AndLeavesTheEarlierReportWhole()
    {
        var rules = _temp.Write("rules/acme.yaml", Rules);
        var output = _temp.Write("reports/report.jsonl", "an older report\n");
        using var stdin = new FailingReader(string.Join("\n", Enumerable.Repeat(Clean, 50)) + "\n", failAfter: 20 * Clean.Length);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter { NewLine = "\n" };

        var exitCode = CliApp.Run(["check", "--rules", rules, "--input", "-", "--format", "jsonl", "--output", output], stdin, stdout, stderr);

        Assert.That(exitCode, Is.EqualTo(2), stderr.ToString());
        Assert.That(stderr.ToString(), Is.EqualTo("compliance check: error: cannot read input `-`: the pipe broke\n"));
        Assert.That(File.ReadAllText(output), Is.EqualTo("an older report\n"));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(output)!), Is.EqualTo(new[] { output }), "no temporary file is left behind");
    }

    [Test]
    public void StandardOutputThatBreaks_ExitsTwo_SayingSo()
    {
        var rules = _temp.Write("rules/acme.yaml", Rules);
        using var stdout = new FailingWriter();
        using var stderr = new StringWriter { NewLine = "\n" };

        var exitCode = CliApp.Run(["check", "--rules", rules, "--input", _temp.Write("calls.jsonl", Clean + "\n")], TextReader.Null, stdout, stderr);

        Assert.That(exitCode, Is.EqualTo(2), stderr.ToString());
        Assert.That(stderr.ToString(), Is.EqualTo("compliance check: error: cannot write the report to standard output: the pipe broke\n"));
    }

    /// <summary>Standard output that breaks, as a closed pipe does.</summary>
    private sealed class FailingWriter : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value) => throw new IOException("the pipe broke");
    }

    /// <summary>Standard input that breaks (as a closed pipe does) after some characters.</summary>
    private sealed class FailingReader(string text, int failAfter) : TextReader
    {
        private int _position;

        public override int Peek() => _position < failAfter && _position < text.Length ? text[_position] : -1;

        public override int Read()
        {
            if (_position >= failAfter)
            {
                throw new IOException("the pipe broke");
            }

            return _position < text.Length ? text[_position++] : -1;
        }
    }
}
