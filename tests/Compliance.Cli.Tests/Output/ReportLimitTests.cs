using System.Diagnostics;
using System.Text.Json;
using Compliance.Cli.Output;
using Compliance.Cli.Output.Sarif;
using NUnit.Framework;

namespace Compliance.Cli.Tests.Output;

/// <summary>The limits of the CI views are part of the formats: SARIF's results a run (GitHub code scanning refuses a
/// run with more than 25,000) and GitHub's annotations of each level a step (it shows 10).</summary>
public sealed class ReportLimitTests
{
    private static string[] FailingCalls(int count) => Enumerable.Range(1, count)
        .Select(i => FormatFixture.OnAws.Replace("\"on-aws\"", $"\"call-{i}\"", StringComparison.Ordinal))
        .ToArray();

    private static JsonElement Run(JsonDocument document) => document.RootElement.GetProperty("runs")[0];

    private static string Sarif(int results, int maxResults)
    {
        using var writer = new StringWriter();
        new SarifFormat(new FormatOptions { RuleSet = FormatFixture.RuleSet }, maxResults).Write(FormatFixture.Judge("calls.jsonl", FailingCalls(results)), writer);
        return writer.ToString();
    }

    [Test]
    public void Sarif_AtTheLimit_WritesEveryResult_AndNoNotification()
    {
        using var document = JsonDocument.Parse(Sarif(results: 5, maxResults: 5));

        Assert.That(Run(document).GetProperty("results").GetArrayLength(), Is.EqualTo(5));
        Assert.That(Run(document).TryGetProperty("invocations", out _), Is.False);
    }

    [Test]
    public void Sarif_PastTheLimit_WritesTheLimit_AndANotificationCountsTheRest()
    {
        var text = Sarif(results: 8, maxResults: 5);

        using var document = JsonDocument.Parse(text);
        var results = Run(document).GetProperty("results").EnumerateArray().ToArray();
        Assert.That(results.Select(r => r.GetProperty("properties").GetProperty("subject").GetString()),
            Is.EqualTo(Enumerable.Range(1, 5).Select(i => $"call-{i}")), "the first results, in input order");
        var notification = Run(document).GetProperty("invocations")[0].GetProperty("toolExecutionNotifications").EnumerateArray().Single();
        Assert.That(notification.GetProperty("descriptor").GetProperty("id").GetString(), Is.EqualTo("results-omitted"));
        Assert.That(notification.GetProperty("level").GetString(), Is.EqualTo("warning"));
        Assert.That(notification.GetProperty("message").GetProperty("text").GetString(), Is.EqualTo(
            "3 more results not written: a run holds at most 5 results, the most GitHub code scanning accepts; `--format json` or `--format jsonl` lists every verdict"));
        Assert.That(notification.GetProperty("properties").GetProperty("omittedResults").GetString(), Is.EqualTo("3"));
        SarifSchemaTests.AssertValid(text);
    }

    [Test]
    public void Sarif_InvalidSubjectsFromStandardInput_AreNotificationsWithinTheLimitToo()
    {
        using var writer = new StringWriter();
        var invalid = Enumerable.Range(1, 4).Select(i => FormatFixture.Invalid.Replace("\"no-model\"", $"\"bad-{i}\"", StringComparison.Ordinal));
        new SarifFormat(new FormatOptions { RuleSet = FormatFixture.RuleSet }, maxResults: 2).Write(FormatFixture.Judge("-", invalid), writer);

        using var document = JsonDocument.Parse(writer.ToString());
        var notifications = Run(document).GetProperty("invocations")[0].GetProperty("toolExecutionNotifications").EnumerateArray().ToArray();
        Assert.That(notifications, Has.Length.EqualTo(3), "two kept, and the one that counts the rest");
        Assert.That(notifications[^1].GetProperty("message").GetProperty("text").GetString(), Does.StartWith("0 more results and 2 more notifications not written"));
    }

    [Test]
    public void Sarif_TheRealLimit_Is25000Results_AndCheckKeepsToIt()
    {
        Assert.That(SarifWriter.MaxResults, Is.EqualTo(25_000));
        using var fixture = new FormatFixture();
        var input = fixture.Subjects("calls.jsonl", FailingCalls(25_001));

        var clock = Stopwatch.StartNew();
        var run = fixture.Check("--input", input, "--format", "sarif");
        clock.Stop();

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Stderr);
        using var document = JsonDocument.Parse(run.Stdout);
        Assert.That(Run(document).GetProperty("results").GetArrayLength(), Is.EqualTo(25_000));
        var notification = Run(document).GetProperty("invocations")[0].GetProperty("toolExecutionNotifications")[0];
        Assert.That(notification.GetProperty("message").GetProperty("text").GetString(), Does.StartWith("1 more result not written: a run holds at most 25,000 results"));
        TestContext.Out.WriteLine($"25,001 failing calls as SARIF: {clock.Elapsed.TotalSeconds:0.0} s, {run.Stdout.Length / 1_000_000.0:0.0} MB");
    }

    private static string[] GitHub(int errors, int warnings, int maxPerLevel = GitHubFormat.MaxPerLevel)
    {
        using var writer = new StringWriter();
        var lines = FailingCalls(errors).Concat(Enumerable.Range(1, warnings)
            .Select(i => FormatFixture.OnGcp.Replace("\"on-gcp\"", $"\"gcp-{i}\"", StringComparison.Ordinal)));
        new GitHubFormat(new FormatOptions { RuleSet = FormatFixture.RuleSet }, maxPerLevel).Write(FormatFixture.Judge("calls.jsonl", lines), writer);
        return writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Test]
    public void GitHub_AtTheLimit_AnnotatesEveryFinding_AndAddsNoNotice()
    {
        var lines = GitHub(errors: 10, warnings: 10);

        Assert.That(lines.Count(l => l.StartsWith("::error ", StringComparison.Ordinal)), Is.EqualTo(10));
        Assert.That(lines.Count(l => l.StartsWith("::warning ", StringComparison.Ordinal)), Is.EqualTo(10));
        Assert.That(lines.Count(l => l.StartsWith("::notice", StringComparison.Ordinal)), Is.Zero);
        Assert.That(lines, Has.Length.EqualTo(21), "the annotations and the summary line");
    }

    [Test]
    public void GitHub_PastTheLimit_AnnotatesTenOfEachLevel_ListsTheRestAsPlainLines_AndOneNoticeCountsThem()
    {
        var lines = GitHub(errors: 13, warnings: 11);

        Assert.That(lines.Count(l => l.StartsWith("::error ", StringComparison.Ordinal)), Is.EqualTo(10));
        Assert.That(lines.Count(l => l.StartsWith("::warning ", StringComparison.Ordinal)), Is.EqualTo(10));
        Assert.That(lines.Where(l => l.StartsWith("error: ", StringComparison.Ordinal)), Is.EqualTo(new[]
        {
            "error: calls.jsonl:11: acme/azure-only (2.1): call to m1 runs on AWS fix: Route the call through Azure.",
            "error: calls.jsonl:12: acme/azure-only (2.1): call to m1 runs on AWS fix: Route the call through Azure.",
            "error: calls.jsonl:13: acme/azure-only (2.1): call to m1 runs on AWS fix: Route the call through Azure.",
        }));
        Assert.That(lines.Count(l => l.StartsWith("warning: ", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(lines[^2], Is.EqualTo(
            "::notice title=4 more findings not annotated::GitHub shows at most 10 annotations of each level per step; the other 3 errors and 1 warning are listed as plain lines in this step's log, and every finding is in the `sarif`, `junit`, `markdown` and `codequality` reports"));
        Assert.That(lines[^1], Does.StartWith("24 subjects: 13 violation"));
    }

    [Test]
    public void GitHub_TheLimitIsPerLevel_SoOneLevelPastItLeavesTheOthersWhole()
    {
        var lines = GitHub(errors: 3, warnings: 12, maxPerLevel: 2);

        Assert.That(lines.Count(l => l.StartsWith("::error ", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(lines.Count(l => l.StartsWith("::warning ", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(lines.Single(l => l.StartsWith("::notice", StringComparison.Ordinal)), Does.Contain("; the other 1 error and 10 warnings are listed"));
    }
}
