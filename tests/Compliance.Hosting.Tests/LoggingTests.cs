using Microsoft.Extensions.Logging;

namespace Compliance.Hosting.Tests;

public class LoggingTests
{
    [Test]
    public void SuccessfulLoad_LogsCountsAsStructuredFields()
    {
        using var folder = new TempDirectory();
        folder.Write("acme.yaml", RuleFiles.RequireCloud("Azure"));
        using var host = new TestHost(folder);

        var entry = host.Logs.Entries.Single(e => e.EventName == "RuleSetLoaded");

        Assert.That(entry.Level, Is.EqualTo(LogLevel.Information));
        Assert.That(entry.Fields.Where(f => f.Key != "ElapsedMilliseconds"), Is.EquivalentTo(new Dictionary<string, object?>
        {
            ["Generation"] = 1,
            ["RulesPath"] = folder.Path,
            ["Trigger"] = "startup",
            ["ContractCount"] = 1,
            ["ClauseCount"] = 1,
            ["WaiverCount"] = 0,
            ["WarningCount"] = 0,
        }));
        Assert.That(entry.Message, Does.StartWith($"loaded rule set 1 from `{folder.Path}` (startup): 1 contracts, 1 clauses, 0 waivers, 0 warnings in "));
    }

    [Test]
    public void FailedReload_LogsEveryDiagnostic_ThenWhatIsStillServed()
    {
        using var folder = new TempDirectory();
        folder.Write("acme.yaml", RuleFiles.RequireCloud("Azure"));
        using var host = new TestHost(folder, o => o.ReloadOnChange = false);
        var loadedAt = host.Provider.State.LoadedAt!.Value;
        folder.Write("acme.yaml", RuleFiles.Broken);
        folder.Write("second.yaml", RuleFiles.RequireCloud("Azure").Replace("id: acme", "id: second", StringComparison.Ordinal)
            .Replace("appliesTo: call", "appliesTo: call\n    effective: { from: 2026-02-30 }", StringComparison.Ordinal));

        host.Provider.Reload();

        var entries = host.Logs.Entries.SkipWhile(e => e.EventName != "RuleSetLoaded").Skip(1).ToArray();
        Assert.That(entries.Select(e => (e.Level, e.EventName, e.Message)), Is.EqualTo(new[]
        {
            (LogLevel.Error, "RuleDiagnosticWithHint",
                $"{folder.Path}/acme.yaml:12:16: error CMP0021: unknown path `clod`: `call` has no field `clod` (did you mean `cloud`?)"),
            (LogLevel.Error, "RuleDiagnostic", $"{folder.Path}/second.yaml:12:24: error CMP0017: `from` must be a date such as `2026-03-01`, not `2026-02-30`"),
            (LogLevel.Error, "RuleSetReloadFailed",
                $"the rule set at `{folder.Path}` did not reload (request): 2 error(s); still serving rule set 1, loaded at {loadedAt:o}"),
        }));
        Assert.That(entries[0].Fields, Is.EquivalentTo(new Dictionary<string, object?>
        {
            ["File"] = $"{folder.Path}/acme.yaml",
            ["Line"] = 12,
            ["Column"] = 16,
            ["Severity"] = "error",
            ["Code"] = "CMP0021",
            ["DiagnosticMessage"] = "unknown path `clod`: `call` has no field `clod`",
            ["Hint"] = "did you mean `cloud`?",
        }));
        Assert.That(entries[2].Fields["Generation"], Is.EqualTo(1));
        Assert.That(entries[2].Fields["ErrorCount"], Is.EqualTo(2));
    }

    [Test]
    public void TestsDocumentWithAnError_DoesNotStopTheRules_AndIsLoggedAsNotLoaded()
    {
        using var folder = new TempDirectory();
        folder.Write("acme.yaml", RuleFiles.RequireCloud("Azure"));
        folder.Write("acme.tests.yaml", """
            apiVersion: compliance/v1
            tests:
              - name: an Azure call is compliant
                subject: { kind: call, vendor: Acme, model: m1, mode: stateless, cloud: Azure }
                expect: { clauses: { acme/agreed-clod: satisfied } }
            """);
        using var host = new TestHost(folder);

        var entries = host.Logs.Entries.Select(e => (e.Level, e.EventName, e.Message)).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(host.Provider.State.Health, Is.EqualTo(RuleSetHealth.Healthy));
            Assert.That(host.Provider.State.RuleSet!.Clauses.Select(c => c.Id), Is.EqualTo(new[] { "acme/agreed-cloud" }));
            Assert.That(entries, Has.Some.Matches<(LogLevel Level, string EventName, string Message)>(e => e.Level == LogLevel.Error
                && e.EventName == "RuleDiagnosticWithHint"
                && e.Message.StartsWith($"{folder.Path}/acme.tests.yaml:5:26: error CMP0038: ", StringComparison.Ordinal)));
            Assert.That(entries, Has.Some.EqualTo((LogLevel.Warning, "TestsNotLoaded",
                $"the tests documents under `{folder.Path}` have 1 error(s) and were not loaded (startup); the rules are judged without them, and `compliance test` reports the errors")));
            Assert.That(entries.Last().EventName, Is.EqualTo("RuleSetLoaded"));
        });
    }

    [Test]
    public void FirstLoadThatFails_SaysNoRuleSetIsServed()
    {
        using var folder = new TempDirectory();
        folder.Write("acme.yaml", RuleFiles.Broken);
        using var host = new TestHost(folder);

        var last = host.Logs.Entries.Last();

        Assert.That((last.Level, last.EventName, last.Message), Is.EqualTo((LogLevel.Error, "RuleSetNotLoaded",
            $"the rule set at `{folder.Path}` did not load (startup): 1 error(s); no rule set is served and every verdict is indeterminate")));
    }

    [Test]
    public void FileChange_IsLoggedAtDebug_WithTheChangedPath()
    {
        using var folder = new TempDirectory();
        folder.Write("acme.yaml", RuleFiles.RequireCloud("Azure"));
        using var host = new TestHost(folder);

        var written = folder.Write("acme.yaml", RuleFiles.RequireCloud("AWS"));
        Eventually.Until(() => host.Provider.State.Generation == 2, "the edit is swapped in");

        var changes = host.Logs.Entries.Where(e => e.EventName == "RulesChanged").ToArray();
        Assert.That(changes, Is.Not.Empty);
        Assert.That(changes.Select(e => e.Level).Distinct(), Is.EqualTo(new[] { LogLevel.Debug }));
        Assert.That(changes.Select(e => e.Fields["ChangedPath"]), Does.Contain(written));
        Assert.That(host.Logs.Entries.Last(e => e.EventName == "RuleSetLoaded").Fields["Trigger"], Is.EqualTo("file change"));
    }

    [Test]
    public void Evaluating_LogsNothing_EvenAtTrace()
    {
        using var folder = new TempDirectory();
        folder.Write("acme.yaml", RuleFiles.RequireCloud("Azure"));
        using var host = new TestHost(folder, o => o.ReloadOnChange = false);
        var before = host.Logs.Entries.Count;

        for (var i = 0; i < 100; i++)
        {
            host.Evaluator.Evaluate(TestHost.CallOnAws);
        }

        Assert.That(host.Logs.Entries, Has.Count.EqualTo(before));
    }
}
