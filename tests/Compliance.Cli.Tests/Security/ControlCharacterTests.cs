using System.Text;
using System.Text.RegularExpressions;
using Compliance.Cli.Output;
using CsCheck;
using NUnit.Framework;

namespace Compliance.Cli.Tests.Security;

/// <summary>Text a pull request controls (subject ids and values, rule-file keys and names, test names, paths) printed
/// by the plain-text outputs and on standard error: a line break, a carriage return, an escape sequence or a line
/// separator in it is printed escaped, so that no line of the output starts a CI workflow command
/// (<c>::error</c>, <c>::add-mask::</c>, <c>::stop-commands::</c>, <c>##[...]</c>, <c>##vso[...]</c>) the tool did not mean.</summary>
public sealed partial class ControlCharacterTests
{
    /// <summary>Each hostile piece: a GitHub command after a line feed, after a carriage return alone, after a line
    /// separator and after NEL; an ANSI sequence that clears the screen; bidi overrides; an Azure Pipelines command.</summary>
    private static readonly string[] Attacks =
    [
        "x\n::error file=src/app.cs,line=1::pwned",
        "y\r::add-mask::secret",
        "z\u2028::stop-commands::token",
        "w\u0085::warning::nel",
        "v\u001b[2J\u001b[31mred",
        "u\u202egnp.exe\u202c",
        "t ##vso[task.setvariable variable=x]1",
    ];

    private static readonly string Attack = string.Concat(Attacks);

    /// <summary>An id or a name that is a whole attack, as JSON (escaped) and as YAML (double-quoted, escaped).</summary>
    private static readonly string AttackJson = System.Text.Json.JsonSerializer.Serialize(Attack);

    private const string Rules = """
        apiVersion: compliance/v1
        contract:
          id: acme
          title: Acme hosting agreement
          parties: [Acme, Contoso]
        clauses:
          - id: azure-only
            section: "2.1"
            title: Stateless calls run on Azure
            text: Stateless calls to Acme models run on Azure.
            appliesTo: call
            when: { vendor: Acme, mode: stateless }
            require: { cloud: Azure }
            message: "call {id} to {model} runs on {cloud}"
        """;

    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    private string Call(string id, string model = "m1") =>
        $$"""{"kind": "call", "id": {{System.Text.Json.JsonSerializer.Serialize(id)}}, "vendor": "Acme", "model": {{System.Text.Json.JsonSerializer.Serialize(model)}}, "mode": "stateless", "cloud": "AWS", "timestamp": "2026-03-01"}""";

    /// <summary>No line starts (after blanks, as the GitHub runner reads it) with a workflow command, no line holds an Azure
    /// Pipelines command, and no control character other than the line feeds that end lines is printed.</summary>
    internal static void AssertSafe(string output, string what)
    {
        foreach (var line in output.Split('\n'))
        {
            var visible = line.TrimStart();
            Assert.That(visible, Does.Not.StartWith("::").And.Not.StartWith("##["), $"{what}: a line reads as a workflow command: {line}");
            Assert.That(line, Does.Not.Contain("##vso[").IgnoreCase, $"{what}: a line holds an Azure Pipelines command: {line}");
        }

        var raw = output.Where(c => c != '\n' && IsHostile(c)).Select(c => $"U+{(int)c:X4}").ToArray();
        Assert.That(raw, Is.Empty, $"{what}: raw control characters in\n{output}");
    }

    private static bool IsHostile(char c) =>
        c < '\u0020' || c is >= '\u007f' and <= '\u009f' || c is '\u2028' or '\u2029' or '\u061c' or '\u200e' or '\u200f'
        || c is >= '\u202a' and <= '\u202e' || c is >= '\u2066' and <= '\u2069';

    private static void AssertSafe(CliRun run)
    {
        AssertSafe(run.Stdout, "stdout");
        AssertSafe(run.Stderr, "stderr");
    }

    [Test]
    public void Check_Text_EscapesSubjectIdsValuesAndMessages()
    {
        var rules = _temp.Write("rules/acme.yaml", Rules);
        var input = _temp.Write("calls.jsonl", string.Join("\n", Attacks.Select(a => Call(a, model: a))) + "\n");

        var run = CliRun.Of(["check", "--rules", rules, "--input", input, "--trace"]);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        AssertSafe(run);
        Assert.That(run.Stdout, Does.Contain(@"violation      x\n::error file=src/app.cs,line=1::pwned  ("), "the id is shown, escaped");
        Assert.That(run.Stdout, Does.Contain(@"v\u001b[2J\u001b[31mred"));
        Assert.That(run.Stdout, Does.Contain(@"z\u2028::stop-commands::token"));
        Assert.That(run.Stdout, Does.Contain(@"u\u202egnp.exe\u202c"));
        Assert.That(run.Stdout, Does.Contain(@"t ##vso\u005btask.setvariable"));
    }

    [Test]
    public void Check_Text_EscapesAnInvalidSubjectsErrorsAndItsSourcePath()
    {
        var rules = _temp.Write("rules/acme.yaml", Rules);
        var name = "calls\n::error::in-the-name.jsonl";
        var input = _temp.Write(name, $$"""{"kind": "call", "id": {{AttackJson}}, "vendor": "Acme", "mode": {{AttackJson}}, "cloud": "AWS", "timestamp": {{AttackJson}}}""" + "\n" + "{\"kind\": " + AttackJson + "}\n");

        var run = CliRun.Of(["check", "--rules", rules, "--input", input]);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        AssertSafe(run);
        Assert.That(run.Stdout, Does.Contain(@"calls\n::error::in-the-name.jsonl:1)"));
    }

    [Test]
    public void Check_Text_OnATerminal_ColoursOnlyItsOwnWords()
    {
        var rules = _temp.Write("rules/acme.yaml", Rules);
        var input = _temp.Write("calls.jsonl", Call(Attack) + "\n");

        var run = CliRun.Of(["check", "--rules", rules, "--input", input], environment: CliRun.Environment with { OutputIsTerminal = true });

        Assert.That(run.Stdout.Contains("\u001b[31mviolation\u001b[0m", StringComparison.Ordinal), Is.True, "coloured");
        AssertSafe(Sgr().Replace(run.Stdout, string.Empty), "stdout without the tool's own colours");
    }

    [Test]
    public void Lint_Text_EscapesKeysThatAreEchoed()
    {
        var rules = _temp.Write("rules/acme.yaml", Rules + $"\n    {AttackJson}: 1\n");

        var run = CliRun.Of(["lint", "--rules", rules]);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        AssertSafe(run);
        Assert.That(run.Stdout, Does.Contain(@"x\n::error file=src/app.cs,line=1::pwned"), "the key is named, escaped");
    }

    [Test]
    public void Lint_Text_AFileNamedAsACommand_DoesNotStartALineWithIt()
    {
        _temp.Write("rules/::error file=src%2Fapp.cs::pwned.yaml", Rules + "\n    unknownKey: 1\n");
        _temp.Write("rules/##[add-mask]secret.yaml", Rules.Replace("id: acme", "id: other", StringComparison.Ordinal) + "\n    unknownKey: 1\n");

        // Run from inside the directory and name the files, so that each diagnostic line starts with the bare file name.
        var run = CliRun.In(_temp.Combine("rules"), ["lint", "--rules", "::error file=src%2Fapp.cs::pwned.yaml", "##[add-mask]secret.yaml"]);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        AssertSafe(run);
        Assert.That(run.Stdout, Does.Contain("\n\\u003a:error file=src%2Fapp.cs::pwned.yaml:15:5: error CMP0012: "));
        Assert.That(run.Stdout, Does.StartWith("\\u0023#[add-mask]secret.yaml:15:5: error CMP0012: "));
    }

    [Test]
    public void RuleFileNameWithALineBreak_IsEscapedOnStandardError()
    {
        var rules = _temp.Write("rules/acme\n::error::x.yaml", Rules + "\n    unknownKey: 1\n");

        foreach (var command in new[] { "check", "explain" })
        {
            var run = CliRun.Of([command, "--rules", rules, "--input", _temp.Write("calls.jsonl", Call("c") + "\n")]);

            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            AssertSafe(run);
            Assert.That(run.Stderr, Does.Contain(@"acme\n::error::x.yaml:"), command);
        }

        foreach (var command in new[] { "test", "docs", "export" })
        {
            var run = CliRun.Of(command == "export" ? [command, "--rules", rules, "--format", "rulesengine"] : [command, "--rules", rules]);

            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            AssertSafe(run);
            Assert.That(run.Stderr, Does.Contain(@"acme\n::error::x.yaml:"), command);
        }
    }

    [Test]
    public void InputPathWithALineBreak_IsEscapedInTheError()
    {
        var rules = _temp.Write("rules/acme.yaml", Rules);
        var missing = _temp.Combine("no-such\n::error::x.jsonl");

        var run = CliRun.Of(["check", "--rules", rules, "--input", missing]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        AssertSafe(run);
        Assert.That(run.Stderr, Is.EqualTo($"compliance check: error: cannot read input `{missing.Replace("\n", @"\n", StringComparison.Ordinal)}`: no such file or directory\n"));
    }

    [Test]
    public void UsageErrorThatEchoesAnArgument_IsEscaped()
    {
        var run = CliRun.Of(["check", "--rules", "rules", "--input", "x", "--as-of", "2026\n::error::x", "--format", "y\r::add-mask::z"]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        AssertSafe(run);
        Assert.That(run.Stderr, Does.StartWith("compliance check: error: --as-of: `2026\\n::error::x` is not a date as yyyy-MM-dd\n"));
    }

    [Test]
    public void Test_Text_EscapesTestNamesAndSubjectErrors()
    {
        var rules = _temp.Write("rules/acme.yaml", Rules);
        _temp.Write("rules/acme.tests.yaml", $$"""
            apiVersion: compliance/v1
            tests:
              - name: {{AttackJson}}
                asOf: 2026-03-01
                subject: { kind: call, vendor: Acme, model: {{AttackJson}}, mode: stateless, cloud: AWS, id: {{AttackJson}} }
                expect:
                  outcome: compliant
              - name: invalid
                subject: { kind: call, vendor: Acme, mode: {{AttackJson}} }
                expect:
                  outcome: compliant
            """);

        var run = CliRun.Of(["test", "--rules", Path.GetDirectoryName(rules)!]);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        AssertSafe(run);
        Assert.That(run.Stdout, Does.Contain(@"FAIL  x\n::error file=src/app.cs,line=1::pwned"));
    }

    [Test]
    public void Explain_EscapesIdsAndTheValuesItTraces()
    {
        _temp.Write("rules/acme.yaml", Rules.Replace("require: { cloud: Azure }", $"require: {{ cloud: {AttackJson} }}", StringComparison.Ordinal));

        var run = CliRun.In(_temp.Path, ["explain", "--rules", "rules", "--input", "-"], Call(Attack, model: Attack) + "\n" + Call("second").Replace("\"AWS\"", AttackJson, StringComparison.Ordinal) + "\n");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        AssertSafe(run);
        Assert.That(run.Stdout, Does.Contain(@"subject x\n::error file=src/app.cs,line=1::pwned"));
        Assert.That(run.Stdout, Does.Contain(@"cloud equals x\n::error file=src/app.cs,line=1::pwned"), "the expected value from the rule file");
        Assert.That(run.Stdout, Does.Contain(@"(actual: x\n::error file=src/app.cs,line=1::pwned"), "the actual value from the subject");
    }

    [Test]
    public void Escaper_LeavesOrdinaryTextAlone_AndEscapesEveryControl()
    {
        Assert.That(TextEscaper.Escape("rules/msft-openai.yaml: §2.1 Stateless — “Azure” 日本 🙂 C:\\rules"), Is.EqualTo("rules/msft-openai.yaml: §2.1 Stateless — “Azure” 日本 🙂 C:\\rules"));
        Assert.That(TextEscaper.Escape("a\nb\rc\td\u001be\u007ff\u0085g\u009bh\u2028i\u2029j\u202ek\u2066l\ud800m"),
            Is.EqualTo(@"a\nb\rc\td\u001be\u007ff\u0085g\u009bh\u2028i\u2029j\u202ek\u2066l\ud800m"));
    }

    [Test]
    public void Escaper_NeverLetsAControlThrough_AndChangesOnlyWhatItMust()
    {
        Gen.Select(Gen.String[Gen.Char, 0, 40], Gen.OneOf(Attacks), Gen.Int[0, 40])
            .Sample((random, attack, at) =>
            {
                var text = random.Insert(Math.Min(at, random.Length), attack);
                var escaped = TextEscaper.Escape(text);
                var lone = LoneSurrogate(escaped);
                return !escaped.Any(IsHostile) && lone < 0 && (text.Any(TextEscaper.IsEscaped) || escaped == text);
            });
    }

    [Test]
    public void SafeText_WritesOneLinePerEndLine_AndNoLineStartsACommand()
    {
        Gen.Select(Gen.String[Gen.Char, 0, 20], Gen.OneOf([.. Attacks, "::error::x", "  ::debug::y", "##[group]z", " ##VSO[task.complete]"]), Gen.String[Gen.Char.AlphaNumeric, 0, 5])
            .Sample((prefix, attack, suffix) =>
            {
                using var writer = new StringWriter();
                var text = new SafeText(writer);
                text.Write(attack).Write(prefix).Write(suffix).EndLine();
                text.Write(prefix).Write(attack).EndLine();
                var output = writer.ToString();
                Assert.That(output.Count(c => c == '\n'), Is.EqualTo(2));
                AssertSafe(output, "SafeText");
            });
    }

    /// <summary>The index of a surrogate that is not half of a pair; -1 when there is none.</summary>
    private static int LoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    [GeneratedRegex(@"\u001b\[[0-9;]*m")]
    private static partial Regex Sgr();
}
