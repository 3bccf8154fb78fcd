using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Verdicts;
using RulesEngine.Models;

namespace Compliance.Benchmarks;

/// <summary>The rule sets, subjects and engines the benchmarks share, and the checks that the engines agree.</summary>
internal static class Workload
{
    public static EvaluationOptions Options { get; } = new() { AsOf = Generate.AsOf };

    public static RuleSet Load(IReadOnlyList<ClauseSpec> clauses) =>
        new RuleSetLoader().LoadStrings(Generate.RuleFiles(clauses).Select(f => new RuleSource(f.Path, f.Yaml))) is { RuleSet: { } rules }
            ? rules
            : throw new InvalidOperationException("the generated rule set does not load");

    /// <summary>The name of the RulesEngine workflow that holds the clauses.</summary>
    public const string Workflow = "contracts";

    /// <summary>The clauses as one RulesEngine workflow: one rule per clause, true when the clause is violated. Each rule
    /// reads its kind's parameter (<c>call</c> or <c>deployment</c>; the other is null), as a clause's <c>appliesTo</c> does.</summary>
    public static RulesEngine.RulesEngine RulesEngineFor(IReadOnlyList<ClauseSpec> clauses)
    {
        var workflows = new[]
        {
            new Workflow
            {
                WorkflowName = Workflow,
                Rules = clauses.Select(c => new Rule
                {
                    RuleName = "generated-00/" + c.Id,
                    RuleExpressionType = RuleExpressionType.LambdaExpression,
                    // A clause not in effect on the benchmark date is never violated; all twenty are, but say so.
                    Expression = c.From is { } from && DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture) > Generate.AsOf
                        ? "false"
                        : $"{c.Kind} != null && " + c.ViolationExpression.Replace("subject.", c.Kind + ".", StringComparison.Ordinal),
                }).ToList(),
            },
        };
        return new RulesEngine.RulesEngine(workflows, new ReSettings
        {
            CustomTypes = [typeof(StringComparison), typeof(Compliance.Subjects.RuntimeMode)],
            IsExpressionCaseSensitive = true,
        });
    }

    /// <summary>The parameters a RulesEngine run takes for a subject: <c>call</c> and <c>deployment</c>, one of them null.</summary>
    public static RuleParameter[] Parameters(object subject) =>
    [
        RuleParameter.Create("call", subject as Compliance.Subjects.CallSubject),
        RuleParameter.Create("deployment", subject as Compliance.Subjects.DeploymentSubject),
    ];

    /// <summary>Throws unless the two verdicts say the same (outcome, clauses and statuses): the benchmarks compare equals.</summary>
    public static void Agree(string what, object subject, Verdict expected, Verdict actual)
    {
        var a = VerdictJson.Serialize(expected);
        var b = VerdictJson.Serialize(actual);
        if (a != b)
        {
            throw new InvalidOperationException($"{what} disagree on {subject}:\n{a}\n{b}");
        }
    }

    /// <summary>Throws unless the two verdicts have the same outcome and the same clauses with the same statuses and messages.</summary>
    public static void AgreeOnStatuses(string what, object subject, Verdict expected, Verdict actual)
    {
        static string Say(Verdict v) => $"{v.Outcome} [{string.Join(", ", v.Clauses.Select(c => $"{c.Id}: {c.Status} {c.Message}"))}]";
        if (Say(expected) != Say(actual))
        {
            throw new InvalidOperationException($"{what} disagree on {subject}:\n{Say(expected)}\n{Say(actual)}");
        }
    }

    public static void Agree(object subject, Verdict engine, HandVerdict hand)
    {
        var engineClauses = engine.Clauses.Select(c => (c.Id, c.Status)).ToArray();
        if (engine.Outcome != hand.Outcome || !engineClauses.SequenceEqual(hand.Clauses))
        {
            throw new InvalidOperationException($"the engine and the if-chain disagree on {subject}: engine {engine.Outcome} "
                + $"[{string.Join(", ", engineClauses)}], if-chain {hand.Outcome} [{string.Join(", ", hand.Clauses)}]");
        }
    }

    public static void Agree(object subject, Verdict engine, IEnumerable<RuleResultTree> rulesEngine)
    {
        var results = rulesEngine.ToArray();
        if (results.FirstOrDefault(r => !string.IsNullOrEmpty(r.ExceptionMessage)) is { } failed)
        {
            throw new InvalidOperationException($"RulesEngine rule `{failed.Rule.RuleName}` failed: {failed.ExceptionMessage}");
        }

        var violated = engine.Clauses.Where(c => c.Status == ClauseStatus.Violated).Select(c => c.Id).ToArray();
        var flagged = results.Where(r => r.IsSuccess).Select(r => r.Rule.RuleName).ToArray();
        if (!violated.SequenceEqual(flagged))
        {
            throw new InvalidOperationException($"the engine and RulesEngine disagree on {subject}: engine [{string.Join(", ", violated)}], "
                + $"RulesEngine [{string.Join(", ", flagged)}]");
        }
    }
}
