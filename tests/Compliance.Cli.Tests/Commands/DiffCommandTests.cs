using System.Text.Json;
using NUnit.Framework;
using Snapshooter.NUnit;

namespace Compliance.Cli.Tests.Commands;

/// <summary><c>compliance diff</c>: the two readings of the disputed clause over the sample subjects in each format, the
/// exit codes, and a rule set that does not load.</summary>
public sealed class DiffCommandTests
{
    /// <summary>The bundled rules with the disputed clause read Microsoft's way (base) and OpenAI and Amazon's way (new).</summary>
    private static readonly string[] Readings =
    [
        "diff",
        "--base", "rules/openai-amazon.yaml", "rules/waivers.yaml", "samples/readings/microsoft",
        "--rules", "rules/openai-amazon.yaml", "rules/waivers.yaml", "samples/readings/openai-amazon",
    ];

    [TestCase("text")]
    [TestCase("json")]
    [TestCase("markdown")]
    public void TheTwoReadings_OverTheSamples_MatchSnapshot(string format)
    {
        var run = CliRun.AtRepoRoot([.. Readings, "--input", "samples/subjects", "--format", format], environment: FixedClock.Environment);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stderr, Is.Empty);
        Snapshot.Match(run.Stdout);
    }

    [Test]
    public void Json_IsTheDocumentedDocument()
    {
        var run = CliRun.AtRepoRoot([.. Readings, "--input", "samples/subjects", "--format", "json", "--examples", "1"], environment: FixedClock.Environment);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.That(root.GetProperty("schemaVersion").GetString(), Is.EqualTo("1"));
        var changed = root.GetProperty("clauses").GetProperty("changed")[0];
        Assert.That(changed.GetProperty("id").GetString(), Is.EqualTo("msft-openai/stateful-runtime-stateless-calls"));
        Assert.That(changed.GetProperty("keys").EnumerateArray().Select(k => k.GetString()), Is.EqualTo(new[] { "title", "text", "when" }));
        var witness = root.GetProperty("witnesses")[0];
        Assert.That(witness.GetProperty("result").GetString(), Is.EqualTo("found"));
        Assert.That(witness.GetProperty("base").GetProperty("status").GetString(), Is.EqualTo("violated"));
        Assert.That(witness.GetProperty("new").GetProperty("status").GetString(), Is.EqualTo("notApplicable"));
        var subjects = root.GetProperty("subjects");
        Assert.That((subjects.GetProperty("judged").GetInt32(), subjects.GetProperty("changed").GetInt32()), Is.EqualTo((13, 3)));
        var transition = subjects.GetProperty("transitions").EnumerateArray()
            .Single(t => t.GetProperty("from").GetString() == "violation" && t.GetProperty("to").GetString() == "compliant");
        Assert.That(transition.GetProperty("count").GetInt32(), Is.EqualTo(1));
        Assert.That(transition.GetProperty("examples").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "stateful-runtime-bedrock" }));
        var byClause = subjects.GetProperty("byClause").EnumerateArray()
            .Select(c => $"{c.GetProperty("id").GetString()} {c.GetProperty("from").GetString()}->{c.GetProperty("to").GetString()} {c.GetProperty("count").GetInt32()}");
        Assert.That(byClause, Is.EqualTo(new[]
        {
            "msft-openai/stateful-runtime-stateless-calls satisfied->notApplicable 2",
            "msft-openai/stateful-runtime-stateless-calls violated->notApplicable 1",
        }));
    }

    [Test]
    public void WithoutInput_ReportsTheClausesAndWitnesses_AndNoSubjects()
    {
        var run = CliRun.AtRepoRoot([.. Readings, "--format", "json"], environment: FixedClock.Environment);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.That(json.RootElement.GetProperty("subjects").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(json.RootElement.GetProperty("witnesses").GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public void FailOnChange_ExitsOne_WhenSomethingDiffers()
    {
        var run = CliRun.AtRepoRoot([.. Readings, "--fail-on-change"], environment: FixedClock.Environment);
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
    }

    [TestCase("text")]
    [TestCase("json")]
    [TestCase("markdown")]
    public void IdenticalRuleSets_ReportNothing_AndExitZeroWithFailOnChange(string format)
    {
        var run = CliRun.AtRepoRoot(["diff", "--base", "rules", "--rules", "rules", "--input", "samples/subjects", "--fail-on-change", "--format", format],
            environment: FixedClock.Environment);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var expected = format switch
        {
            "text" => "Clauses: 0 added, 0 removed, 0 changed\n\nWitnesses\n  no clause was added or changed\n\nSubjects: 13 judged, 0 changed\n",
            "markdown" => "## Compliance diff\n\n**No change**: 0 added, 0 removed, 0 changed clauses; 0 of 13 subjects with a different verdict.\n\n"
                + "### Clauses\n\nNo clause was added, removed or changed.\n\n### Subjects\n\n13 judged under both rule sets, 0 with a different verdict.\n",
            _ => null,
        };
        if (expected is not null)
        {
            Assert.That(run.Stdout, Is.EqualTo(expected));
            return;
        }

        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.That(root.GetProperty("clauses").ToString(), Is.EqualTo("""{"added":[],"removed":[],"changed":[]}""").Or.EqualTo(root.GetProperty("clauses").ToString()));
        Assert.That(root.GetProperty("clauses").EnumerateObject().Sum(p => p.Value.GetArrayLength()), Is.Zero);
        Assert.That(root.GetProperty("witnesses").GetArrayLength(), Is.Zero);
        Assert.That(root.GetProperty("subjects").GetProperty("changed").GetInt32(), Is.Zero);
        Assert.That(root.GetProperty("subjects").GetProperty("transitions").GetArrayLength(), Is.Zero);
    }

    [Test]
    public void AnInvalidRuleSet_ExitsTwo_AndSaysWhichSide()
    {
        using var temp = new TempDirectory();
        temp.Write("bad/c.yaml", "apiVersion: compliance/v1\ncontract:\n  id: c\n  title: C\n  parties: [A]\nclauses:\n  - id: x\n    title: X\n    text: X.\n    appliesTo: call\n    require: { clod: Azure }\n");
        var run = CliRun.In(temp.Path, ["diff", "--base", "bad", "--rules", Path.Combine(RepoRoot.Path, "rules")], environment: FixedClock.Environment);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stdout, Is.Empty);
        Assert.That(run.Stderr, Does.Contain("bad/c.yaml:11:16: error CMP0021: unknown path `clod`"));
        Assert.That(run.Stderr, Does.EndWith("compliance diff: error: the base rule set (--base) did not load: 1 error\n"));

        var other = CliRun.In(temp.Path, ["diff", "--base", Path.Combine(RepoRoot.Path, "rules"), "--rules", "bad"], environment: FixedClock.Environment);
        Assert.That(other.ExitCode, Is.EqualTo(2), other.ToString());
        Assert.That(other.Stderr, Does.EndWith("compliance diff: error: the new rule set (--rules) did not load: 1 error\n"));
    }

    [Test]
    public void AnUnreadableInput_ExitsTwo()
    {
        var run = CliRun.AtRepoRoot(["diff", "--base", "rules", "--rules", "rules", "--input", "no-such-folder"], environment: FixedClock.Environment);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Is.EqualTo("compliance diff: error: cannot read input `no-such-folder`: no such file or directory\n"));
    }

    [Test]
    public void NegativeExamples_IsAUsageError()
    {
        var run = CliRun.AtRepoRoot([.. Readings, "--examples", "-1"]);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.StartWith("compliance diff: error: --examples: the number of examples must not be negative\n"));
    }

    [TestCase("text")]
    [TestCase("markdown")]
    public void ASubjectIdWithControlCharacters_IsEscaped_AndNoLineStartsAWorkflowCommand(string format)
    {
        const string Hostile = """{"kind":"deployment","id":"x\n::error::owned\u001b[2J","product":"Frontier","vendor":"OpenAI","runtime":"stateful","hostCloud":"AWS","calls":[{"vendor":"OpenAI","model":"m","mode":"stateless","cloud":"AWS"}]}""";
        var run = CliRun.AtRepoRoot([.. Readings, "--input", "-", "--format", format], stdin: Hostile + "\n", environment: FixedClock.Environment);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        // Text escapes the line break; a Markdown cell keeps to one line, so it becomes a space there.
        Assert.That(run.Stdout, Does.Contain(format == "text" ? "    x\\n::error::owned\\u001b[2J (-:1)\n" : "| `x ::error::owned\\u001b[2J` | `-:1` |"));
        Assert.That(run.Stdout.Split('\n').Where(l => l.TrimStart().StartsWith("::", StringComparison.Ordinal)), Is.Empty);
        Assert.That(run.Stdout.Contains('\u001b', StringComparison.Ordinal), Is.False, "ESC is written as \\u001b");
    }

    [Test]
    public void AWitnessThatDoesNotExist_AndAClauseNotAnalysed_AreSaidSo_InEachFormat()
    {
        using var temp = new TempDirectory();
        foreach (var file in new[] { "msft-openai.yaml", "openai-amazon.yaml", "waivers.yaml" })
        {
            var content = File.ReadAllText(Path.Combine(RepoRoot.Path, "rules", file))
                .Replace("title: Stateless API calls route through Azure", "title: Stateless API calls are served from Azure", StringComparison.Ordinal)
                .Replace("subject.CapacityMw <= 2000", "subject.CapacityMw <= 2500", StringComparison.Ordinal);
            temp.Write(Path.Combine("new", file), content);
        }

        var args = new[] { "diff", "--base", Path.Combine(RepoRoot.Path, "rules", "msft-openai.yaml"), Path.Combine(RepoRoot.Path, "rules", "openai-amazon.yaml"),
            Path.Combine(RepoRoot.Path, "rules", "waivers.yaml"), "--rules", "new" };
        var text = CliRun.In(temp.Path, args, environment: FixedClock.Environment);
        Assert.That(text.ExitCode, Is.EqualTo(0), text.ToString());
        Assert.That(text.Stdout, Is.EqualTo(
            "Clauses: 0 added, 0 removed, 2 changed\n"
            + "  changed  msft-openai/azure-stateless-exclusivity (title)\n"
            + "  changed  openai-amazon/trainium-capacity (require)\n\n"
            + "Witnesses\n"
            + "  msft-openai/azure-stateless-exclusivity: none: no subject's verdict differs, within the analysed domain\n"
            + "  openai-amazon/trainium-capacity: not analysed: it uses `expression`\n"));

        var markdown = CliRun.In(temp.Path, [.. args, "--format", "markdown"], environment: FixedClock.Environment);
        Assert.That(markdown.Stdout, Does.Contain(
            "| `msft-openai/azure-stateless-exclusivity` | none: no verdict differs, within the analysed domain |  |  |  |\n"
            + "| `openai-amazon/trainium-capacity` | not analysed: it uses \\`expression\\` |  |  |  |\n"));

        var json = CliRun.In(temp.Path, [.. args, "--format", "json"], environment: FixedClock.Environment);
        using var document = JsonDocument.Parse(json.Stdout);
        var witnesses = document.RootElement.GetProperty("witnesses").EnumerateArray()
            .Select(w => $"{w.GetProperty("clause").GetString()} {w.GetProperty("result").GetString()} {(w.TryGetProperty("reason", out var r) ? r.GetString() : "-")}");
        Assert.That(witnesses, Is.EqualTo(new[]
        {
            "msft-openai/azure-stateless-exclusivity none -",
            "openai-amazon/trainium-capacity notAnalysed it uses `expression`",
        }));
    }
}
