using Compliance.Rules.Diagnostics;
using Compliance.Verdicts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;

namespace Compliance.Hosting.Tests;

public class RuleSetProviderTests
{
    [Test]
    public void FirstResolution_LoadsTheFolder_AndIsHealthy()
    {
        using var folder = new TempDirectory();
        folder.Write("acme.yaml", RuleFiles.RequireCloud("Azure"));
        using var host = new TestHost(folder);

        var state = host.Provider.State;

        Assert.That(state.Health, Is.EqualTo(RuleSetHealth.Healthy));
        Assert.That(state.Generation, Is.EqualTo(1));
        Assert.That(state.RuleSet!.Clauses.Select(c => c.Id), Is.EqualTo(new[] { "acme/agreed-cloud" }));
        Assert.That(state.Diagnostics, Is.Empty);
        Assert.That(host.Evaluator.Evaluate(TestHost.CallOnAws).Outcome, Is.EqualTo(Outcome.Violation));
    }

    [Test]
    public void EditedFile_IsSwappedIn_AndJudgesTheNextEvaluation()
    {
        using var folder = new TempDirectory();
        folder.Write("acme.yaml", RuleFiles.RequireCloud("Azure"));
        using var host = new TestHost(folder);
        var first = host.Provider.State.RuleSet;

        folder.Write("acme.yaml", RuleFiles.RequireCloud("AWS"));
        Eventually.Until(() => host.Provider.State.Generation == 2, "the edited rules are swapped in");

        var state = host.Provider.State;
        Assert.That(state.Health, Is.EqualTo(RuleSetHealth.Healthy));
        Assert.That(state.RuleSet, Is.Not.SameAs(first));
        Assert.That(host.Evaluator.Evaluate(TestHost.CallOnAws).Outcome, Is.EqualTo(Outcome.Compliant));
    }

    [Test]
    public void NewFileInTheFolder_IsLoaded()
    {
        using var folder = new TempDirectory();
        folder.Write("acme.yaml", RuleFiles.RequireCloud("Azure"));
        using var host = new TestHost(folder);

        folder.Write("more/other.yaml", RuleFiles.RequireCloud("AWS").Replace("id: acme", "id: other", StringComparison.Ordinal));
        Eventually.Until(() => host.Provider.State.Generation == 2, "the folder with a new file is swapped in");

        Assert.That(host.Provider.State.RuleSet!.Clauses.Select(c => c.Id), Is.EqualTo(new[] { "acme/agreed-cloud", "other/agreed-cloud" }));
    }

    [Test]
    public void EditThatDoesNotLoad_KeepsTheLastGoodRuleSet_AndReportsDegraded()
    {
        using var folder = new TempDirectory();
        folder.Write("acme.yaml", RuleFiles.RequireCloud("Azure"));
        using var host = new TestHost(folder);
        var good = host.Provider.State;

        folder.Write("acme.yaml", RuleFiles.Broken);
        Eventually.Until(() => host.Provider.State.Health == RuleSetHealth.Degraded, "the failed reload shows");

        var state = host.Provider.State;
        Assert.That(state.RuleSet, Is.SameAs(good.RuleSet));
        Assert.That(state.Generation, Is.EqualTo(1));
        Assert.That(state.LoadedAt, Is.EqualTo(good.LoadedAt));
        Assert.That(state.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            $"{folder.Path}/acme.yaml:12:16: error CMP0021: unknown path `clod`: `call` has no field `clod` (did you mean `cloud`?)",
        }));
        Assert.That(host.Evaluator.Evaluate(TestHost.CallOnAws).Outcome, Is.EqualTo(Outcome.Violation), "still judged by the last good rules");
    }

    [Test]
    public void FixAfterAFailedReload_IsSwappedIn_AndHealthyAgain()
    {
        using var folder = new TempDirectory();
        folder.Write("acme.yaml", RuleFiles.RequireCloud("Azure"));
        using var host = new TestHost(folder);
        folder.Write("acme.yaml", RuleFiles.Broken);
        Eventually.Until(() => host.Provider.State.Health == RuleSetHealth.Degraded, "the failed reload shows");

        folder.Write("acme.yaml", RuleFiles.RequireCloud("AWS"));
        Eventually.Until(() => host.Provider.State.Health == RuleSetHealth.Healthy, "the fixed rules are swapped in");

        Assert.That(host.Provider.State.Generation, Is.EqualTo(2));
        Assert.That(host.Provider.State.Diagnostics, Is.Empty);
        Assert.That(host.Evaluator.Evaluate(TestHost.CallOnAws).Outcome, Is.EqualTo(Outcome.Compliant));
    }

    [Test]
    public void RulesThatNeverLoaded_AreUnhealthy_AndEveryVerdictIsIndeterminate()
    {
        using var folder = new TempDirectory();
        folder.Write("acme.yaml", RuleFiles.Broken);
        using var host = new TestHost(folder);

        var state = host.Provider.State;
        var verdict = host.Evaluator.Evaluate(TestHost.CallOnAws);

        Assert.That(state.Health, Is.EqualTo(RuleSetHealth.Unhealthy));
        Assert.That(state.RuleSet, Is.Null);
        Assert.That(state.Generation, Is.Zero);
        Assert.That(state.Diagnostics.Select(d => d.Code), Is.EqualTo(new[] { "CMP0021" }));
        Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Indeterminate));
        Assert.That(verdict.Subject, Is.EqualTo("call-on-aws"));
        Assert.That(verdict.Kind, Is.EqualTo("call"));
        Assert.That(verdict.AsOf, Is.EqualTo(new DateOnly(2026, 3, 1)));
        Assert.That(verdict.Errors.Select(e => e.Message), Is.EqualTo(new[] { $"no rule set is loaded: every load of `{folder.Path}` so far had errors" }));
    }

    [Test]
    public void MaxPatternLength_ReachesTheLoader()
    {
        using var folder = new TempDirectory();
        folder.Write("acme.yaml", RuleFiles.RequireCloud("Azure").Replace("require: { cloud: Azure }", $"require: {{ cloud: {{ matches: '^{new string('A', 40)}' }} }}"));

        using var strict = new TestHost(folder, o => o.MaxPatternLength = 20);
        using var lenient = new TestHost(folder, o => o.MaxPatternLength = 100);

        Assert.That(strict.Provider.State.Diagnostics.Select(d => d.Code), Is.EqualTo(new[] { "CMP0050" }));
        Assert.That(strict.Provider.State.RuleSet, Is.Null);
        Assert.That(lenient.Provider.State.Health, Is.EqualTo(RuleSetHealth.Healthy));
    }

    [Test]
    public void RulesThatNeverLoaded_AreLoadedOnceFixed()
    {
        using var folder = new TempDirectory();
        folder.Write("acme.yaml", RuleFiles.Broken);
        using var host = new TestHost(folder);
        Assert.That(host.Provider.State.Health, Is.EqualTo(RuleSetHealth.Unhealthy));

        folder.Write("acme.yaml", RuleFiles.RequireCloud("Azure"));
        Eventually.Until(() => host.Provider.State.Health == RuleSetHealth.Healthy, "the fixed rules load");

        Assert.That(host.Provider.State.Generation, Is.EqualTo(1));
        Assert.That(host.Evaluator.Evaluate(TestHost.CallOnAws).Outcome, Is.EqualTo(Outcome.Violation));
    }

    [Test]
    public void ReloadOnChangeOff_IgnoresEdits_UntilReloadIsCalled()
    {
        using var folder = new TempDirectory();
        folder.Write("acme.yaml", RuleFiles.RequireCloud("Azure"));
        using var host = new TestHost(folder, o => o.ReloadOnChange = false);
        var first = host.Provider.State;

        folder.Write("acme.yaml", RuleFiles.RequireCloud("AWS"));
        Thread.Sleep(300); // six debounce periods: a watcher, had there been one, would have reloaded by now
        Assert.That(host.Provider.State, Is.SameAs(first));

        var reloaded = host.Provider.Reload();
        Assert.That(reloaded.Generation, Is.EqualTo(2));
        Assert.That(host.Provider.State, Is.SameAs(reloaded));
        Assert.That(host.Evaluator.Evaluate(TestHost.CallOnAws).Outcome, Is.EqualTo(Outcome.Compliant));
    }

    [Test]
    public void BurstOfChanges_WithinTheDebounce_CausesOneReload()
    {
        using var folder = new TempDirectory();
        folder.Write("acme.yaml", RuleFiles.RequireCloud("Azure"));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        using var host = new TestHost(folder, o =>
        {
            o.ReloadDebounce = TimeSpan.FromSeconds(2);
            o.PollingInterval = null;
        }, time);

        folder.Write("acme.yaml", RuleFiles.RequireCloud("GCP"));
        folder.Write("acme.yaml", RuleFiles.RequireCloud("AWS"));
        // Each write ends with the rename onto acme.yaml: once the watcher has seen both, no later event can restart the debounce.
        Eventually.Until(() => host.Logs.Entries.Count(e => e.EventName == "RulesChanged" && Equals(e.Fields["ChangeType"], "Renamed")) >= 2,
            "the watcher sees both writes");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(host.Provider.State.Generation, Is.EqualTo(1), "not quiet for the debounce yet");

        time.Advance(TimeSpan.FromSeconds(1));

        Assert.That(host.Provider.State.Generation, Is.EqualTo(2));
        Assert.That(host.Evaluator.Evaluate(TestHost.CallOnAws).Outcome, Is.EqualTo(Outcome.Compliant));
        Assert.That(host.Logs.Entries.Count(e => e.EventName == "RuleSetLoaded"), Is.EqualTo(2));
    }

    [Test]
    public void Polling_FindsAChange_TheWatcherDidNotReport()
    {
        using var folder = new TempDirectory();
        folder.Write("acme.yaml", RuleFiles.RequireCloud("Azure"));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        // A debounce far longer than the poll: any reload within the first minute comes from polling.
        using var host = new TestHost(folder, o =>
        {
            o.ReloadDebounce = TimeSpan.FromHours(1);
            o.PollingInterval = TimeSpan.FromMinutes(1);
        }, time);

        folder.Write("acme.yaml", RuleFiles.RequireCloud("AWS"));
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.That(host.Provider.State.Generation, Is.EqualTo(2));
        Assert.That(host.Logs.Entries.Last(e => e.EventName == "RuleSetLoaded").Fields["Trigger"], Is.EqualTo("poll"));
    }

    [Test]
    public void Polling_WithNothingChanged_DoesNotReload()
    {
        using var folder = new TempDirectory();
        folder.Write("acme.yaml", RuleFiles.RequireCloud("Azure"));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        using var host = new TestHost(folder, o => o.PollingInterval = TimeSpan.FromMinutes(1), time);
        var first = host.Provider.State;

        time.Advance(TimeSpan.FromMinutes(5));

        Assert.That(host.Provider.State, Is.SameAs(first));
    }

    [Test]
    public void ChangeToken_FiresWhenANewRuleSetIsSwappedIn()
    {
        using var folder = new TempDirectory();
        folder.Write("acme.yaml", RuleFiles.RequireCloud("Azure"));
        using var host = new TestHost(folder, o => o.ReloadOnChange = false);
        var token = host.Provider.GetChangeToken();
        RuleSetState? seen = null;
        using var registration = token.RegisterChangeCallback(_ => seen = host.Provider.State, null);
        Assert.That(token.HasChanged, Is.False);

        var reloaded = host.Provider.Reload();

        Assert.That(token.HasChanged, Is.True);
        Assert.That(seen, Is.SameAs(reloaded));
        Assert.That(host.Provider.GetChangeToken().HasChanged, Is.False, "a fresh token waits for the next change");
    }

    [Test]
    public void ChangeTokenFollowedWithOnChange_SeesEveryChange()
    {
        using var folder = new TempDirectory();
        folder.Write("acme.yaml", RuleFiles.RequireCloud("Azure"));
        using var host = new TestHost(folder, o => o.ReloadOnChange = false);
        var healths = new List<RuleSetHealth>();
        using var subscription = ChangeToken.OnChange(host.Provider.GetChangeToken, () => healths.Add(host.Provider.State.Health));

        folder.Write("acme.yaml", RuleFiles.Broken);
        host.Provider.Reload();
        folder.Write("acme.yaml", RuleFiles.RequireCloud("AWS"));
        host.Provider.Reload();

        Assert.That(healths, Is.EqualTo(new[] { RuleSetHealth.Degraded, RuleSetHealth.Healthy }));
    }

    [Test]
    public void EvaluationsDuringReloads_AreEachJudgedByOneWholeRuleSet()
    {
        using var folder = new TempDirectory();
        folder.Write("acme.yaml", TwoClauses("v0"));
        using var host = new TestHost(folder, o => o.ReloadOnChange = false);
        var evaluator = host.Evaluator;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var mixed = 0;
        var judged = 0;
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var versions = evaluator.Evaluate(TestHost.CallOnAws).Clauses.Select(c => c.Title).Distinct().Count();
                if (versions != 1)
                {
                    Interlocked.Increment(ref mixed);
                }

                Interlocked.Increment(ref judged);
            }
        })).ToArray();

        var reloads = 0;
        while (!stop.IsCancellationRequested)
        {
            folder.Write("acme.yaml", TwoClauses($"v{++reloads}"));
            host.Provider.Reload();
        }

        Task.WaitAll(readers);
        Assert.That(reloads, Is.GreaterThan(1));
        Assert.That(judged, Is.GreaterThan(0));
        Assert.That(mixed, Is.Zero);
        Assert.That(host.Provider.State.Generation, Is.EqualTo(reloads + 1));
    }

    [Test]
    public void Dispose_StopsWatching_AndReloadThrows()
    {
        using var folder = new TempDirectory();
        folder.Write("acme.yaml", RuleFiles.RequireCloud("Azure"));
        var host = new TestHost(folder);
        var provider = host.Provider;
        var loadsBefore = host.Logs.Entries.Count(e => e.EventName == "RuleSetLoaded");

        host.Dispose();
        folder.Write("acme.yaml", RuleFiles.RequireCloud("AWS"));
        Thread.Sleep(300);

        Assert.That(provider.State.Generation, Is.EqualTo(1));
        Assert.That(host.Logs.Entries.Count(e => e.EventName == "RuleSetLoaded"), Is.EqualTo(loadsBefore));
        Assert.Throws<ObjectDisposedException>(() => provider.Reload());
    }

    private static string TwoClauses(string version) => $"""
        apiVersion: compliance/v1
        contract:
          id: acme
          title: Acme hosting agreement
        clauses:
          - id: agreed-cloud
            title: {version}
            text: Every call runs on Azure.
            appliesTo: call
            require: {"{"} cloud: Azure {"}"}
          - id: agreed-vendor
            title: {version}
            text: Every call is to OpenAI.
            appliesTo: call
            require: {"{"} vendor: OpenAI {"}"}
        """;
}
