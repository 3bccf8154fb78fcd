using System.Collections;
using System.Globalization;
using Compliance.Conditions;
using Compliance.Model;
using Compliance.Verdicts;

namespace Compliance.Cli.Output;

/// <summary>The report of <c>explain</c>: for one subject, each clause of its kind with its decision and, step by step in
/// the order the evaluator decides, the conditions that decided it, every leaf with its path, operator, expected value,
/// actual value and result.</summary>
/// <remarks>
/// <code>
/// subject call-aws  (samples/subjects/calls.jsonl:2)
/// kind call, as of 2026-03-01, outcome violation
///
///   msft-openai/azure-stateless-exclusivity: violated (effect violation)
///     §2.1 Stateless API calls route through Azure  (rules/msft-openai.yaml:48)
///     effective from 2019-07-22: in effect on 2026-03-01
///     when: true
///       true   all of
///         true   vendor equals OpenAI  (actual: OpenAI)
///         true   mode equals stateless  (actual: stateless)
///     require: false
///       false  cloud equals Azure  (actual: AWS)
///     exception safety-research: false
///       false  tags.purpose equals safety-research  (actual: missing)
///     message: Stateless OpenAI call to gpt-5 runs on AWS, not Azure
/// </code>
/// Subject values are shown as they are, escaped by <see cref="SafeText"/> (a line break in a value reads <c>\n</c>); the
/// rule file's prose (titles, messages) is folded onto one line.
/// The steps stop where the evaluator stops: a clause not in effect shows no conditions; one whose <c>when</c> does
/// not hold shows no <c>require</c>; a satisfied clause shows no exceptions; an exempt one no waivers.
/// </remarks>
internal sealed class ExplainText(RuleSet ruleSet)
{
    private const int ResultWidth = 5;

    private readonly Dictionary<string, Clause> _clauses = ruleSet.Clauses.ToDictionary(c => c.Id, StringComparer.Ordinal);

    public void Write(Verdict verdict, object? subject, SafeText text)
    {
        text.Write("subject ").Write(verdict.Subject);
        if (verdict.Source is { } source && source != verdict.Subject)
        {
            text.Write("  (").Write(source).Write(')');
        }

        text.EndLine();
        text.Write("kind ").Write(verdict.Kind ?? "unknown").Write(", as of ").Write(Date(verdict.AsOf))
            .Write(", outcome ").Write(TextFormat.ToneOf(verdict.Outcome), VerdictNames.Name(verdict.Outcome)).EndLine();
        foreach (var error in verdict.Errors)
        {
            text.Write("  error: ").Write(error.Path is { Length: > 0 } path ? path + ": " : string.Empty).Write(error.Message).EndLine();
        }

        if (subject is not null && verdict.Errors.Count == 0)
        {
            foreach (var result in verdict.Clauses)
            {
                if (_clauses.TryGetValue(result.Id, out var clause))
                {
                    text.BlankLine();
                    WriteClause(text, clause, result, subject, verdict.AsOf);
                }
            }

            if (verdict.Clauses.Count == 0)
            {
                text.Write("  no clause applies to `").Write(verdict.Kind).Write("` subjects").EndLine();
            }
        }
    }

    private void WriteClause(SafeText text, Clause clause, ClauseResult result, object subject, DateOnly asOf)
    {
        text.Write("  ").Write(clause.Id).Write(": ").Write(VerdictNames.Name(result.Status));
        if (result.Status == ClauseStatus.Violated)
        {
            text.Write(" (effect ").Write(VerdictNames.Name(clause.Effect)).Write(')');
        }

        text.EndLine().Write("    ");
        if (clause.Section is { Length: > 0 } section)
        {
            text.Write('§').Write(section).Write(' ');
        }

        text.Write(OneLine(clause.Title)).Write("  (").Write(clause.Location.FileAndLine).Write(")").EndLine();
        WriteSteps(text, clause, subject, asOf);
        if (result.Status is ClauseStatus.Violated or ClauseStatus.Error && result.Message is { } message)
        {
            text.Write(result.Status == ClauseStatus.Error ? "    error: " : "    message: ").Write(OneLine(message)).EndLine();
        }
    }

    /// <summary>The steps the evaluator took for one clause (<see cref="ConditionExplainer.ExplainClause"/>), in its order, each
    /// with the explained condition that decided it, up to the decisive one: the order and the stops are the evaluator's.</summary>
    private void WriteSteps(SafeText text, Clause clause, object subject, DateOnly asOf)
    {
        foreach (var step in ConditionExplainer.ExplainClause(ruleSet, clause, subject, asOf))
        {
            switch (step.Kind)
            {
                case ClauseStepKind.InEffect:
                    text.Write("    ").Write(Window(clause.Effective)).Write(": ").Write(step.InForce ? "in effect" : "not in effect")
                        .Write(" on ").Write(Date(asOf)).EndLine();
                    break;
                case ClauseStepKind.When when step.Explanation is null:
                    text.Write("    when: (none: applies to every `").Write(clause.AppliesTo).Write("` subject)").EndLine();
                    break;
                case ClauseStepKind.When:
                    Step(text, "when", step.Explanation);
                    break;
                case ClauseStepKind.Superseded:
                    text.Write("    superseded by ").Write(step.Id).Write(", in effect on ").Write(Date(asOf)).EndLine();
                    break;
                case ClauseStepKind.Condition:
                    Step(text, clause.Mode == ClauseMode.Require ? "require" : "forbid", step.Explanation);
                    break;
                case ClauseStepKind.Exception when !step.InForce:
                    // A dated carve-out outside its window does not exist on the date: the evaluator does not look at it.
                    var exception = clause.Exceptions.First(e => e.Id == step.Id);
                    text.Write("    exception ").Write(step.Id).Write(": ").Write(Window(exception.Effective)).Write(", not on ").Write(Date(asOf)).EndLine();
                    break;
                case ClauseStepKind.Exception:
                    Step(text, $"exception {step.Id}", step.Explanation);
                    break;
                case ClauseStepKind.Waiver when !step.InForce:
                    var waiver = Waiver(clause, step.Id);
                    text.Write("    waiver ").Write(step.Id).Write(waiver.Inclusive ? ": ended after " : ": expired on ")
                        .Write(Date(waiver.Inclusive ? waiver.LastDay : waiver.Expires)).EndLine();
                    break;
                case ClauseStepKind.Waiver when step.Explanation is null:
                    text.Write("    waiver ").Write(step.Id).Write(": true (no `when`: covers every subject, until ").Write(Date(Waiver(clause, step.Id).Expires))
                        .Write(")").EndLine();
                    break;
                case ClauseStepKind.Waiver:
                    Step(text, $"waiver {step.Id}", step.Explanation);
                    break;
            }
        }
    }

    private Waiver Waiver(Clause clause, string? id) => ruleSet.Waivers.First(w => w.ClauseId == clause.Id && w.Id == id);

    /// <summary>Writes one step and its condition tree.</summary>
    private static void Step(SafeText text, string label, ConditionExplanation? explanation)
    {
        if (explanation is null)
        {
            return;
        }

        text.Write("    ").Write(label).Write(": ").Write(Result(explanation)).EndLine();
        WriteNode(text, explanation, depth: 3, elementOf: null);
    }

    private static void WriteNode(SafeText text, ConditionExplanation node, int depth, string? elementOf)
    {
        text.Write(new string(' ', depth * 2)).Write(Result(node).PadRight(ResultWidth)).Write("  ");
        if (node.ElementIndex is { } index && node.Condition is not (ComparisonCondition or QuantifierCondition))
        {
            text.Write(elementOf).Write('[').Write(index.ToString(CultureInfo.InvariantCulture)).Write("]: ");
        }

        text.Write(Label(node));
        if (node.Error is { } error && node.Children.All(c => c.Error is null))
        {
            text.Write("  (error: ").Write(OneLine(error)).Write(')');
        }

        text.EndLine();
        foreach (var child in node.Children)
        {
            WriteNode(text, child, depth + 1, node.Path);
        }
    }

    private static string Label(ConditionExplanation node) => node.Condition switch
    {
        AllCondition => "all of",
        AnyCondition => "any of",
        NotCondition => "not",
        TermCondition term => $"is {term.Term.Id}" + (term.Term.Title is { } title ? $" ({title})" : string.Empty),
        ComparisonCondition comparison => $"{node.Path} {OperatorNames.Name(comparison.Operator)} {Expected(comparison)}  (actual: {Value(node.Actual)})",
        QuantifierCondition quantifier => $"{node.Path} {OperatorNames.Name(quantifier.Quantifier)}  (actual: {Elements(node.Actual)})",
        ExpressionCondition expression => $"expression {OneLine(expression.Text)}",
        _ => node.Condition.GetType().Name,
    };

    private static string Result(ConditionExplanation node) => node.Error is not null ? "error" : node.Result ? "true" : "false";

    private static string Expected(ComparisonCondition comparison) => comparison.Operator is Operator.In or Operator.NotIn
        ? (comparison.Term is { } term ? $"${term.Id} " : string.Empty) + "[" + string.Join(", ", comparison.Operands.Select(o => o.Text)) + "]"
        : comparison.Operands[0].Text;

    /// <summary>A list of scalars in full; a list of objects by its length (each element is explained beneath).</summary>
    private static string Elements(object? value) => value switch
    {
        null => "missing",
        IList list when list.Count > 0 && list.Cast<object?>().All(e => e is "{…}") => $"{list.Count} {(list.Count == 1 ? "element" : "elements")}",
        _ => Value(value),
    };

    internal static string Value(object? value) => value switch
    {
        null => "missing",
        "" => "\"\"",
        string s => s,
        bool b => b ? "true" : "false",
        IDictionary<string, string> map => "{" + string.Join(", ", map.Select(p => $"{p.Key}: {p.Value}")) + "}",
        IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(Value)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Window(EffectiveWindow window) => (window.From, window.Until) switch
    {
        ({ } from, { } _) when window.Inclusive => $"effective from {Date(from)} through {Date(window.LastDay!.Value)}",
        (null, { } _) when window.Inclusive => $"effective through {Date(window.LastDay!.Value)}",
        (null, null) => "effective always",
        ({ } from, null) => $"effective from {Date(from)}",
        (null, { } until) => $"effective until {Date(until)}",
        ({ } from, { } until) => $"effective from {Date(from)} until {Date(until)}",
    };

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string OneLine(string text) => FailingClauses.OneLine(text);
}
