using System.Text.Json;
using Compliance.Evaluation;
using Compliance.Rules.Export;
using Compliance.Rules.Subjects;
using Compliance.Subjects;
using Compliance.Verdicts;
using CsCheck;
using NUnit.Framework;
using RulesEngine.Models;

namespace Compliance.Rules.Tests.Export;

/// <summary>Runs the exported workflows in Microsoft.RulesEngine and compares, clause by clause, the status they give with
/// the status our engine gives (traced, so that <c>notApplicable</c> and <c>superseded</c> are compared too). The export
/// carries effective windows, supersession, exceptions and waivers, so every status is compared, not only
/// satisfied/violated; the one status left out is <c>error</c> (a regex timeout or an expression fault), which none of
/// these subjects causes and which the tests assert does not occur.</summary>
public sealed class RulesEngineExportTests
{
    private static readonly string Cases = RepoRoot.Combine("tests", "Compliance.Rules.Tests", "Export", "Cases");

    private static RuleSet Bundled() => RepoRoot.LoadBundledRules().RuleSet ?? throw new InvalidOperationException("the bundled rules do not load");

    private static RuleSet EveryOperator() => new RuleSetLoader().Load(Cases);

    private static RulesEngine.RulesEngine Engine(RuleSet ruleSet)
    {
        var workflows = JsonSerializer.Deserialize<Workflow[]>(RulesEngineExport.ToJson(ruleSet))!;
        return new RulesEngine.RulesEngine(workflows, new ReSettings
        {
            CustomTypes = RulesEngineExport.CustomTypes.ToArray(),
            NestedRuleExecutionMode = NestedRuleExecutionMode.All,
        });
    }

    /// <summary>The status RulesEngine gives each clause: violated when the clause rule fails, else the status of its first
    /// successful branch; <c>error</c> when any rule in the tree raised an exception.</summary>
    private static Dictionary<string, string> RulesEngineStatuses(RulesEngine.RulesEngine engine, string kind, object subject, DateOnly asOf)
    {
        var results = engine.ExecuteAllRulesAsync(kind,
            new RuleParameter(RulesEngineExport.SubjectParameter, subject),
            new RuleParameter(RulesEngineExport.AsOfParameter, asOf.ToDateTime(TimeOnly.MinValue))).GetAwaiter().GetResult();
        return results.ToDictionary(r => r.Rule.RuleName, Status);
    }

    private static string Status(RuleResultTree result)
    {
        if (Faults(result).FirstOrDefault() is { } fault)
        {
            return "error: " + fault;
        }

        if (!result.IsSuccess)
        {
            return VerdictNames.Name(ClauseStatus.Violated);
        }

        var branch = result.ChildResults.First(c => c.IsSuccess);
        return ((JsonElement)branch.Rule.Properties["status"]).GetString()!;
    }

    /// <summary>The exceptions raised by leaf rules. (A failed rule with an <c>ErrorMessage</c> also reports it as its
    /// <c>ExceptionMessage</c>; only the clause rules have one, and they are not leaves.)</summary>
    private static IEnumerable<string> Faults(RuleResultTree result) => result.ChildResults?.Any() == true
        ? result.ChildResults.SelectMany(Faults)
        : string.IsNullOrEmpty(result.ExceptionMessage) ? [] : [result.ExceptionMessage];

    private static Dictionary<string, string> EngineStatuses(RuleSet ruleSet, SubjectInput input, DateOnly? asOf, out Verdict verdict)
    {
        verdict = ruleSet.Evaluate(input, new EvaluationOptions { AsOf = asOf, Trace = true });
        return verdict.Clauses.ToDictionary(c => c.Id, c => VerdictNames.Name(c.Status));
    }

    private static void AssertSameStatuses(RuleSet ruleSet, RulesEngine.RulesEngine engine, SubjectInput input, DateOnly? asOf, string what)
    {
        var ours = EngineStatuses(ruleSet, input, asOf, out var verdict);
        Assert.That(verdict.Errors, Is.Empty, $"{what} must be a valid subject");
        var theirs = RulesEngineStatuses(engine, verdict.Kind!, input.Subject!, verdict.AsOf);
        Assert.That(theirs, Is.EqualTo(ours), $"{what} as of {verdict.AsOf:yyyy-MM-dd}");
    }

    [Test]
    public void BundledSamples_GetTheSameStatusFromRulesEngineAsFromTheEngine()
    {
        var ruleSet = Bundled();
        var engine = Engine(ruleSet);
        var samples = new SubjectReader().ReadPath(RepoRoot.Combine("samples", "subjects")).ToArray();

        Assert.That(samples, Has.Length.GreaterThanOrEqualTo(12));
        foreach (var sample in samples)
        {
            AssertSameStatuses(ruleSet, engine, sample, asOf: null, sample.Source!);
        }
    }

    [Test]
    public void BundledTestSubjects_GetTheSameStatusFromRulesEngineAsFromTheEngine()
    {
        var loaded = RepoRoot.LoadBundledRules();
        var engine = Engine(loaded.RuleSet!);
        var statuses = new HashSet<string>();

        foreach (var test in loaded.Tests.Where(t => t.Subject.Errors.Count == 0))
        {
            AssertSameStatuses(loaded.RuleSet!, engine, test.Subject, test.AsOf, test.Name);
            statuses.UnionWith(EngineStatuses(loaded.RuleSet!, test.Subject, test.AsOf, out _).Values);
        }

        Assert.That(statuses, Is.SupersetOf(new[] { "notApplicable", "superseded", "satisfied", "exempt", "waived", "violated" }),
            "the bundled tests reach every status but error, so each branch of the export is compared");
    }

    [Test]
    public void EveryOperator_OnRandomSubjects_GetsTheSameStatusFromRulesEngineAsFromTheEngine()
    {
        var ruleSet = EveryOperator();
        var engine = Engine(ruleSet);
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<(string Clause, string Status), bool>();

        Subjects.Sample(pair =>
        {
            AssertSameStatuses(ruleSet, engine, SubjectInput.From(pair.Subject), pair.AsOf, pair.Subject.ToString()!);
            foreach (var (clause, status) in EngineStatuses(ruleSet, SubjectInput.From(pair.Subject), pair.AsOf, out _))
            {
                seen[(clause, status)] = true;
            }
        }, iter: 400);

        Assert.That(ruleSet.Clauses.Where(c => !seen.ContainsKey((c.Id, "satisfied")) || !seen.ContainsKey((c.Id, "violated"))).Select(c => c.Id), Is.Empty,
            "every clause must be both satisfied and violated by some random subject, or the comparison proves little");
        Assert.That(new[] { "notApplicable", "superseded", "exempt", "waived" }.Where(s => !seen.Keys.Any(k => k.Status == s)), Is.Empty);
    }

    [Test]
    public void BundledRules_OnRandomSubjects_GetTheSameStatusFromRulesEngineAsFromTheEngine()
    {
        var ruleSet = Bundled();
        var engine = Engine(ruleSet);

        Subjects.Sample(pair => AssertSameStatuses(ruleSet, engine, SubjectInput.From(pair.Subject), pair.AsOf, pair.Subject.ToString()!), iter: 400);
    }

    [Test]
    public void Export_HasOneWorkflowPerKindAndOneRulePerClause_WithItsProperties()
    {
        using var json = JsonDocument.Parse(RulesEngineExport.ToJson(Bundled()));
        var workflows = json.RootElement.EnumerateArray().ToArray();

        Assert.That(workflows.Select(w => w.GetProperty("WorkflowName").GetString()), Is.EqualTo(new[] { "call", "deployment" }));
        var rules = workflows[0].GetProperty("Rules").EnumerateArray().ToArray();
        Assert.That(rules.Select(r => r.GetProperty("RuleName").GetString()),
            Is.EqualTo(new[] { "msft-openai/azure-stateless-exclusivity", "msft-openai/azure-endpoint-consistency" }));
        var first = rules[0];
        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("SuccessEvent").GetString(), Is.EqualTo("Stateless API calls route through Azure"));
            Assert.That(first.GetProperty("ErrorMessage").GetString(),
                Is.EqualTo("Stateless $(subject.Vendor) call to $(subject.Model) runs on $(subject.Cloud), not Azure"));
            Assert.That(first.GetProperty("Properties").GetProperty("contract").GetString(), Is.EqualTo("msft-openai"));
            Assert.That(first.GetProperty("Properties").GetProperty("section").GetString(), Is.EqualTo("2.1"));
            Assert.That(first.GetProperty("Properties").GetProperty("effect").GetString(), Is.EqualTo("violation"));
            Assert.That(first.GetProperty("Operator").GetString(), Is.EqualTo("Or"));
            Assert.That(first.GetProperty("Rules").EnumerateArray().Select(r => r.GetProperty("Properties").GetProperty("status").GetString()),
                Is.EqualTo(new[] { "notApplicable", "satisfied", "exempt", "waived" }));
        });
    }

    [Test]
    public void AllAndAny_BecomeNestedRules_AndNotIsPushedToTheLeaves()
    {
        var ruleSet = new RuleSetLoader().LoadString("""
            apiVersion: compliance/v1
            contract: { id: acme, title: Acme }
            clauses:
              - id: c1
                title: T
                text: X.
                appliesTo: call
                forbid: { any: [ { cloud: AWS }, { all: [ { region: eu }, { tokens: { gt: 5 } } ] } ] }
            """);
        using var json = JsonDocument.Parse(RulesEngineExport.ToJson(ruleSet));
        var satisfied = json.RootElement[0].GetProperty("Rules")[0].GetProperty("Rules")[0];

        Assert.That(satisfied.GetProperty("RuleName").GetString(), Is.EqualTo("acme/c1: satisfied"));
        Assert.That(satisfied.GetProperty("Operator").GetString(), Is.EqualTo("And"), "not (A or (B and C)) is (not A) and ((not B) or (not C))");
        var parts = satisfied.GetProperty("Rules");
        Assert.That(parts[0].GetProperty("Expression").GetString(),
            Is.EqualTo("!(subject.Cloud != null && string.Equals(subject.Cloud, \"AWS\", StringComparison.OrdinalIgnoreCase))"));
        Assert.That(parts[0].GetProperty("RuleExpressionType").GetString(), Is.EqualTo("LambdaExpression"));
        Assert.That(parts[1].GetProperty("Operator").GetString(), Is.EqualTo("Or"));
        Assert.That(parts[1].GetProperty("Rules")[1].GetProperty("Expression").GetString(), Is.EqualTo("!(subject.Tokens != null && subject.Tokens > 5)"));
    }

    [Test]
    public void Export_IsTheSameEveryTime() => Assert.That(RulesEngineExport.ToJson(Bundled()), Is.EqualTo(RulesEngineExport.ToJson(Bundled())));

    /// <summary>Random calls and deployments, with values chosen to hit the rules' boundaries (case, missing values, dates
    /// around effective windows and expiries), and a date to judge them on (or none: the subject's timestamp).</summary>
    private static readonly Gen<(object Subject, DateOnly? AsOf)> Subjects = BuildSubjects();

    private static Gen<(object Subject, DateOnly? AsOf)> BuildSubjects()
    {
        var date = Gen.OneOf<DateOnly?>(null, new DateOnly(2019, 7, 21), new DateOnly(2019, 7, 22), new DateOnly(2025, 10, 27), new DateOnly(2025, 10, 28), new DateOnly(2026, 1, 1),
            new DateOnly(2026, 2, 26), new DateOnly(2026, 2, 27), new DateOnly(2026, 3, 1), new DateOnly(2026, 6, 1), new DateOnly(2026, 9, 1), new DateOnly(2026, 12, 31), new DateOnly(2027, 1, 30), new DateOnly(2027, 1, 31));
        var timestamp = Gen.OneOf<DateTimeOffset?>(null, DateTimeOffset.Parse("2026-03-01T00:30:00+01:00"), DateTimeOffset.Parse("2026-03-01T23:30:00-05:00"),
            DateTimeOffset.Parse("2025-10-28T04:00:00Z"), DateTimeOffset.Parse("2027-01-01T12:00:00Z"), DateTimeOffset.Parse("2027-01-01T12:00:01Z"),
            DateTimeOffset.Parse("2024-06-01T09:00:00Z"));
        var tags = Gen.OneOf<IReadOnlyDictionary<string, string>>(
            new Dictionary<string, string>(), new Dictionary<string, string> { ["purpose"] = "safety-research" },
            new Dictionary<string, string> { ["purpose"] = "RESEARCH" }, new Dictionary<string, string> { ["purpose"] = "marketing" },
            new Dictionary<string, string> { ["firstParty"] = "true" }, new Dictionary<string, string> { ["team"] = "x" });
        var call =
            from id in Gen.OneOf(null, "eval-batch-7", "call-1")
            from vendor in Gen.OneOf("OpenAI", "openai", "Anthropic", "other")
            from model in Gen.OneOf("gpt-5", "gpt-2", "GPT-2")
            from mode in Gen.OneOf(RuntimeMode.Stateless, RuntimeMode.Stateful)
            from cloud in Gen.OneOf("Azure", "azure", "AWS", "GCP", "oci")
            from region in Gen.OneOf(null, "eu-west", "", "US-EAST")
            from endpoint in Gen.OneOf(null, "https://contoso.openai.azure.com/v1", "https://Contoso.OpenAI.Azure.com", "https://api.openai.com/v1", "https://azure.example.com")
            from tokens in Gen.OneOf<long?>(null, 10, 11, 5000, 5001, 100000, 150000, 199999, 200000)
            from stamp in timestamp
            from tagged in tags
            select new CallSubject
            {
                Id = id, Vendor = vendor, Model = model, Mode = mode, Cloud = cloud, Region = region, Endpoint = endpoint,
                Tokens = tokens, Timestamp = stamp, Tags = tagged,
            };
        var deployment =
            from id in Gen.OneOf(null, "chatgpt-gcp-overflow", "d-1")
            from product in Gen.OneOf("Frontier", "ChatGPT", "Lab", "Stargate")
            from vendor in Gen.OneOf("OpenAI", "Anthropic")
            from runtime in Gen.OneOf(RuntimeMode.Stateless, RuntimeMode.Stateful)
            from hostCloud in Gen.OneOf("Azure", "AWS", "GCP")
            from distributor in Gen.OneOf(null, "AWS", "OpenAI", "Microsoft", "Google")
            from soldAsApi in Gen.Bool
            from partners in Gen.OneOf("Microsoft", "microsoft", "SoftBank", "NVIDIA", "Amazon", "Google", "Meta").Array[0, 3]
            from capacity in Gen.OneOf<double?>(null, 5, 1500, 2000, 2000.5, 2500)
            from calls in call.Array[0, 3]
            from stamp in timestamp
            from tagged in tags
            select new DeploymentSubject
            {
                Id = id, Product = product, Vendor = vendor, Runtime = runtime, HostCloud = hostCloud, Distributor = distributor,
                SoldAsApi = soldAsApi, Partners = partners, CapacityMw = capacity, Calls = calls, Timestamp = stamp, Tags = tagged,
            };
        return from subject in Gen.OneOf(call.Select(c => (object)c), deployment.Select(d => (object)d))
               from asOf in date
               select (subject, asOf);
    }
}
