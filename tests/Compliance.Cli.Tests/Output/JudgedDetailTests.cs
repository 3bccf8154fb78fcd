using Compliance.Cli.Output;
using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Rules.Subjects;
using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Cli.Tests.Output;

/// <summary><c>check</c> judges at the detail its reports read (<see cref="IVerdictFormat.Reads"/>): only the failing
/// clauses when neither the report nor the job summary shows another. Whatever it judged at, every report, and the job
/// summary, is the one the format writes of the full verdicts.</summary>
public sealed class JudgedDetailTests
{
    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    /// <summary>The sample subjects and calls the bundled rules find satisfied, exempt, waived, violated, superseded and not
    /// applicable, and one that does not validate.</summary>
    private string Subjects()
    {
        var calls = _temp.Write("subjects/more.jsonl", string.Join("\n",
            """{"kind": "call", "id": "research", "vendor": "OpenAI", "model": "gpt-5", "mode": "stateless", "cloud": "AWS", "tags": {"purpose": "safety-research"}, "timestamp": "2026-03-01T00:00:00Z"}""",
            """{"kind": "call", "id": "on-azure", "vendor": "OpenAI", "model": "gpt-5", "mode": "stateless", "cloud": "Azure", "endpoint": "https://contoso.openai.azure.com/x", "timestamp": "2024-06-01T00:00:00Z"}""",
            """{"kind": "call", "id": "no-mode", "vendor": "OpenAI", "model": "gpt-5", "cloud": "AWS", "timestamp": "2026-03-01T00:00:00Z"}""",
            """{"kind": "deployment", "id": "chatgpt-gcp-overflow", "product": "ChatGPT", "vendor": "OpenAI", "runtime": "stateful", "hostCloud": "GCP", "distributor": "OpenAI", "timestamp": "2026-03-01"}""") + "\n");
        foreach (var sample in Directory.EnumerateFiles(Path.Combine(RepoRoot.Path, "samples", "subjects")).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)))
        {
            File.Copy(sample, Path.Combine(Path.GetDirectoryName(calls)!, Path.GetFileName(sample)));
        }

        return Path.GetDirectoryName(calls)!;
    }

    [Test]
    public void Check_AnyFormatDetailAndTrace_WritesTheReportAndJobSummaryOfTheFullVerdicts(
        [ValueSource(typeof(OutputFormats), nameof(OutputFormats.All))] string format,
        [Values("full", "failing")] string detail,
        [Values] bool trace)
    {
        var input = Subjects();
        var rulesPath = Path.Combine(RepoRoot.Path, "rules");
        var stepSummary = _temp.Combine("step-summary.md");
        var environment = CliRun.Environment with { StepSummaryPath = stepSummary };

        var run = CliRun.Of(["check", "--rules", rulesPath, "--input", input, "--format", format, "--detail", detail, "--fail-on", "violation",
            "--step-summary", .. trace ? new[] { "--trace" } : []], environment: environment);

        // The same report, written by the format of the verdicts judged in full.
        var rules = new RuleSetLoader().Load(rulesPath);
        var verdicts = rules.EvaluateMany(new SubjectReader(rules.Kinds).ReadPath(input),
            new EvaluationOptions { Trace = trace, TimeProvider = environment.TimeProvider }).ToArray();
        var options = new FormatOptions
        {
            RuleSet = rules,
            Detail = detail == "failing" ? VerdictDetail.Failing : VerdictDetail.Full,
            Trace = trace,
            FailOn = Outcome.Violation,
            Today = new DateOnly(2026, 3, 1),
            TimeProvider = environment.TimeProvider,
        };
        using var report = new StringWriter { NewLine = "\n" };
        OutputFormats.Create(format, options).Write(verdicts, report);
        using var summary = new StringWriter { NewLine = "\n" };
        new MarkdownFormat(options).Write(verdicts, summary);

        Assume.That(verdicts.SelectMany(v => v.Clauses).Select(c => c.Status).Distinct(),
            Is.SupersetOf(new[] { ClauseStatus.Satisfied, ClauseStatus.Exempt, ClauseStatus.Waived, ClauseStatus.Violated }),
            "the subjects reach clauses a failing report leaves out");
        Assert.That(run.Stderr, Is.Empty);
        Assert.That(run.Stdout, Is.EqualTo(report.ToString()));
        Assert.That(File.ReadAllText(stepSummary), Is.EqualTo(summary.ToString()));
    }

    [TestCase("jsonl", "failing", false, VerdictDetail.Failing)]
    [TestCase("json", "failing", true, VerdictDetail.Failing)]
    [TestCase("jsonl", "full", false, VerdictDetail.Full)]
    [TestCase("json", "full", false, VerdictDetail.Full)]
    [TestCase("text", "full", false, VerdictDetail.Failing)]
    [TestCase("text", "full", true, VerdictDetail.Full)]
    [TestCase("text", "failing", true, VerdictDetail.Failing)]
    [TestCase("sarif", "full", true, VerdictDetail.Failing)]
    [TestCase("junit", "full", true, VerdictDetail.Failing)]
    [TestCase("github", "full", true, VerdictDetail.Failing)]
    [TestCase("markdown", "full", true, VerdictDetail.Failing)]
    [TestCase("codequality", "full", true, VerdictDetail.Failing)]
    public void Reads_IsFailing_OnlyWhereTheReportShowsNoOtherClause(string format, string detail, bool trace, VerdictDetail reads)
    {
        var options = new FormatOptions
        {
            RuleSet = FormatFixture.RuleSet,
            Detail = detail == "failing" ? VerdictDetail.Failing : VerdictDetail.Full,
            Trace = trace,
        };

        Assert.That(OutputFormats.Create(format, options).Reads, Is.EqualTo(reads));
    }
}
