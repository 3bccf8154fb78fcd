using System.Collections;
using System.Globalization;
using System.Text;
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
/// The steps stop where the evaluator stops: a clause not in effect shows no conditions; one whose <c>when</c> does
/// not hold shows no <c>require</c>; a satisfied clause shows no exceptions; an exempt one no waivers.
/// </remarks>
internal sealed class ExplainText(RuleSet ruleSet)
{
    private const int ResultWidth = 5;

    private readonly Dictionary<string, Clause> _clauses = ruleSet.Clauses.ToDictionary(c => c.Id, StringComparer.Ordinal);

    public void Write(Verdict verdict, object? subject, TextWriter writer)
    {
        var text = new StringBuilder();
        text.Append("subject ").Append(verdict.Subject);
        if (verdict.Source is { } source && source != verdict.Subject)
        {
            text.Append("  (").Append(source).Append(')');
        }

        text.Append('\n');
        text.Append("kind ").Append(verdict.Kind ?? "unknown").Append(", as of ").Append(Date(verdict.AsOf))
            .Append(", outcome ").Append(VerdictNames.Name(verdict.Outcome)).Append('\n');
        foreach (var error in verdict.Errors)
        {
            text.Append("  error: ").Append(error.Path is { Length: > 0 } path ? path + ": " : string.Empty).Append(error.Message).Append('\n');
        }

        if (subject is not null && verdict.Errors.Count == 0)
        {
            foreach (var result in verdict.Clauses)
            {
                if (_clauses.TryGetValue(result.Id, out var clause))
                {
                    text.Append('\n');
                    WriteClause(text, clause, result, subject, verdict.AsOf);
                }
            }

            if (verdict.Clauses.Count == 0)
            {
                text.Append("  no clause applies to `").Append(verdict.Kind).Append("` subjects\n");
            }
        }

        writer.Write(text);
    }

    private void WriteClause(StringBuilder text, Clause clause, ClauseResult result, object subject, DateOnly asOf)
    {
        text.Append("  ").Append(clause.Id).Append(": ").Append(VerdictNames.Name(result.Status));
        if (result.Status == ClauseStatus.Violated)
        {
            text.Append(" (effect ").Append(VerdictNames.Name(clause.Effect)).Append(')');
        }

        text.Append('\n').Append("    ");
        if (clause.Section is { Length: > 0 } section)
        {
            text.Append('§').Append(section).Append(' ');
        }

        text.Append(OneLine(clause.Title)).Append("  (").Append(clause.Location.FileAndLine).Append(")\n");
        WriteSteps(text, clause, subject, asOf);
        if (result.Status is ClauseStatus.Violated or ClauseStatus.Error && result.Message is { } message)
        {
            text.Append(result.Status == ClauseStatus.Error ? "    error: " : "    message: ").Append(OneLine(message)).Append('\n');
        }
    }

    /// <summary>The evaluator's steps for one clause, each with the explained condition that decided it, up to the decisive one.</summary>
    private void WriteSteps(StringBuilder text, Clause clause, object subject, DateOnly asOf)
    {
        var inEffect = clause.Effective.Contains(asOf);
        text.Append("    ").Append(Window(clause.Effective)).Append(": ").Append(inEffect ? "in effect" : "not in effect")
            .Append(" on ").Append(Date(asOf)).Append('\n');
        if (!inEffect)
        {
            return;
        }

        if (clause.When is null)
        {
            text.Append("    when: (none: applies to every `").Append(clause.AppliesTo).Append("` subject)\n");
        }
        else if (!Step(text, "when", clause.When, subject, stopWhen: false))
        {
            return;
        }

        var supersededBy = ruleSet.Clauses.FirstOrDefault(c => c.Supersedes.Contains(clause.Id, StringComparer.Ordinal) && c.Effective.Contains(asOf));
        if (supersededBy is not null)
        {
            text.Append("    superseded by ").Append(supersededBy.Id).Append(", in effect on ").Append(Date(asOf)).Append('\n');
            return;
        }

        var require = clause.Mode == ClauseMode.Require;
        if (!Step(text, require ? "require" : "forbid", clause.Condition, subject, stopWhen: require))
        {
            return;
        }

        foreach (var exception in clause.Exceptions)
        {
            if (!Step(text, $"exception {exception.Id}", exception.When, subject, stopWhen: true))
            {
                return;
            }
        }

        foreach (var waiver in ruleSet.Waivers.Where(w => w.ClauseId == clause.Id))
        {
            if (!waiver.IsActiveOn(asOf))
            {
                text.Append("    waiver ").Append(waiver.Id).Append(": expired on ").Append(Date(waiver.Expires)).Append('\n');
            }
            else if (waiver.When is null)
            {
                text.Append("    waiver ").Append(waiver.Id).Append(": true (no `when`: covers every subject, until ").Append(Date(waiver.Expires)).Append(")\n");
                return;
            }
            else if (!Step(text, $"waiver {waiver.Id}", waiver.When, subject, stopWhen: true))
            {
                return;
            }
        }
    }

    /// <summary>Writes one step and its condition tree.</summary>
    /// <returns>Whether the evaluator goes on: the condition did not fault and its result is not <paramref name="stopWhen"/>.</returns>
    private static bool Step(StringBuilder text, string label, Condition condition, object subject, bool stopWhen)
    {
        var explanation = ConditionExplainer.Explain(condition, subject);
        text.Append("    ").Append(label).Append(": ").Append(Result(explanation)).Append('\n');
        WriteNode(text, explanation, depth: 3, elementOf: null);
        return explanation.Error is null && explanation.Result != stopWhen;
    }

    private static void WriteNode(StringBuilder text, ConditionExplanation node, int depth, string? elementOf)
    {
        text.Append(' ', depth * 2).Append(Result(node).PadRight(ResultWidth)).Append("  ");
        if (node.ElementIndex is { } index && node.Condition is not (ComparisonCondition or QuantifierCondition))
        {
            text.Append(elementOf).Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append("]: ");
        }

        text.Append(Label(node));
        if (node.Error is { } error && node.Children.All(c => c.Error is null))
        {
            text.Append("  (error: ").Append(OneLine(error)).Append(')');
        }

        text.Append('\n');
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
        ComparisonCondition comparison => $"{node.Path} {OperatorNames.Name(comparison.Operator)} {Expected(comparison)}  (actual: {Value(node.Actual)})",
        QuantifierCondition quantifier => $"{node.Path} {OperatorNames.Name(quantifier.Quantifier)}  (actual: {Elements(node.Actual)})",
        ExpressionCondition expression => $"expression {OneLine(expression.Text)}",
        _ => node.Condition.GetType().Name,
    };

    private static string Result(ConditionExplanation node) => node.Error is not null ? "error" : node.Result ? "true" : "false";

    private static string Expected(ComparisonCondition comparison) => comparison.Operator is Operator.In or Operator.NotIn
        ? "[" + string.Join(", ", comparison.Operands.Select(o => o.Text)) + "]"
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
        string s => OneLine(s),
        bool b => b ? "true" : "false",
        IDictionary<string, string> map => "{" + string.Join(", ", map.Select(p => $"{p.Key}: {p.Value}")) + "}",
        IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(Value)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Window(EffectiveWindow window) => (window.From, window.Until) switch
    {
        (null, null) => "effective always",
        ({ } from, null) => $"effective from {Date(from)}",
        (null, { } until) => $"effective until {Date(until)}",
        ({ } from, { } until) => $"effective from {Date(from)} until {Date(until)}",
    };

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string OneLine(string text) =>
        string.Join(' ', text.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
