using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Compliance.Conditions;
using Compliance.Evaluation;
using Compliance.Model;
using Compliance.Subjects;
using Compliance.Verdicts;

namespace Compliance.Core.Tests.Reference;

/// <summary>A straightforward evaluator written from the specification (section 3, "Evaluating a clause on a subject, as of a
/// date", and "Verdict") over the public condition tree: every clause of the subject's kind, in order, its values read by
/// reflection, compared as the rule language says. Slow and simple on purpose: the optimised evaluator must give exactly
/// its verdicts.</summary>
/// <remarks>Only <c>expression:</c> conditions are not re-implemented (they are C# compiled by RulesEngine): they run
/// through the condition's own predicate.</remarks>
internal sealed class ReferenceEvaluator(RuleSet rules)
{
    public Verdict Evaluate(object subject, EvaluationOptions options)
    {
        var kind = rules.Kinds.Kinds.Single(k => k.ClrType == subject.GetType());
        var id = Read(subject, "id") as string ?? "(subject)";
        var asOf = options.AsOf
            ?? (Read(subject, "timestamp") is DateTimeOffset stamp ? DateOnly.FromDateTime(stamp.UtcDateTime) : (DateOnly?)null)
            ?? DateOnly.FromDateTime(options.TimeProvider.GetUtcNow().UtcDateTime);
        var errors = kind.Validate(subject);
        if (errors.Count > 0)
        {
            return new Verdict { Subject = id, Kind = kind.Name, AsOf = asOf, Outcome = Outcome.Indeterminate, Clauses = [], Errors = errors };
        }

        var results = new List<ClauseResult>();
        var outcome = Outcome.NotApplicable;
        foreach (var clause in rules.Clauses.Where(c => c.AppliesTo == kind.Name))
        {
            var facts = new Facts();
            var result = Judge(clause, subject, asOf, facts, options.Trace);
            if (result is null)
            {
                continue;
            }

            results.Add(result);
            var contribution = result.Status switch
            {
                ClauseStatus.Violated => clause.Effect switch
                {
                    Effect.Review => Outcome.Review,
                    Effect.Warning => Outcome.Warning,
                    _ => Outcome.Violation,
                },
                ClauseStatus.Error => Outcome.Indeterminate,
                ClauseStatus.Satisfied or ClauseStatus.Exempt or ClauseStatus.Waived => Outcome.Compliant,
                _ => Outcome.NotApplicable,
            };
            outcome = (Outcome)Math.Min((int)outcome, (int)contribution);
        }

        return new Verdict { Subject = id, Kind = kind.Name, AsOf = asOf, Outcome = outcome, Clauses = results };
    }

    private ClauseResult? Judge(Clause clause, object subject, DateOnly asOf, Facts facts, bool trace)
    {
        ClauseResult Result(ClauseStatus status, string? message = null, string? exception = null, string? waiver = null, string? reason = null) => new()
        {
            Id = clause.Id,
            Contract = clause.Contract,
            Section = clause.Section,
            Title = clause.Title,
            Text = clause.Text,
            Status = status,
            Effect = clause.Effect,
            Message = message,
            Remediation = clause.Remediation,
            Facts = facts.ToArray(),
            Exception = exception,
            Waiver = waiver,
            Source = $"{clause.Location.File}:{clause.Location.Line}",
            Reason = reason,
        };

        // 1. notApplicable: not in effect on the date, or `when` is false.
        if (!InEffect(clause, asOf))
        {
            var window = clause.Effective;
            var reason = window.From is { } from && asOf < from
                ? $"not in effect on {Date(asOf)}: in effect from {Date(from)}"
                : $"not in effect on {Date(asOf)}: in effect until {Date(window.Until!.Value)}";
            return trace ? Result(ClauseStatus.NotApplicable, reason: reason) : null;
        }

        try
        {
            if (clause.When is { } when && !Holds(when, subject, "", facts))
            {
                return trace ? Result(ClauseStatus.NotApplicable, reason: "its `when` does not hold") : null;
            }

            // 2. superseded: a clause in effect on the date lists it in `supersedes`.
            var by = rules.Clauses.FirstOrDefault(c => c.Supersedes.Contains(clause.Id) && InEffect(c, asOf));
            if (by is not null)
            {
                return trace ? Result(ClauseStatus.Superseded, reason: $"superseded by `{by.Id}`") : null;
            }

            // 3. satisfied: `require` holds, or `forbid` does not.
            if (Holds(clause.Condition, subject, "", facts) == (clause.Mode == ClauseMode.Require))
            {
                return Result(ClauseStatus.Satisfied);
            }

            // 4. exempt: an exception in effect on the date (its own window, if it has one) whose `when` holds.
            foreach (var exception in clause.Exceptions)
            {
                var ew = exception.Effective;
                var exists = (ew.From is not { } ef || asOf >= ef) && (ew.Until is not { } eu || asOf < eu);
                if (exists && Holds(exception.When, subject, "", facts))
                {
                    return Result(ClauseStatus.Exempt, exception: exception.Id);
                }
            }

            // 5. waived: an unexpired waiver matches.
            foreach (var waiver in rules.Waivers.Where(w => w.ClauseId == clause.Id))
            {
                if (asOf < waiver.Expires && (waiver.When is null || Holds(waiver.When, subject, "", facts)))
                {
                    return Result(ClauseStatus.Waived, waiver: waiver.Id);
                }
            }

            // 6. violated.
            return Result(ClauseStatus.Violated, message: clause.Message is { } template ? Render(template.Text, subject) : clause.Title);
        }
        catch (FaultException fault)
        {
            return Result(ClauseStatus.Error, message: fault.Message);
        }
    }

    private static bool InEffect(Clause clause, DateOnly date) =>
        (clause.Effective.From is not { } from || date >= from) && (clause.Effective.Until is not { } until || date < until);

    /// <summary>Whether a condition holds on a target (the subject, or a list element whose path is <paramref name="prefix"/>).</summary>
    private static bool Holds(Condition condition, object target, string prefix, Facts facts)
    {
        switch (condition)
        {
            case AllCondition all:
                return all.Items.All(item => Holds(item, target, prefix, facts));
            case AnyCondition any:
                return any.Items.Any(item => Holds(item, target, prefix, facts));
            case NotCondition not:
                return !Holds(not.Inner, target, prefix, facts);
            case TermCondition term:
                return Holds(term.Inner, target, prefix, facts);
            case ComparisonCondition comparison:
            {
                var value = Resolve(target, comparison.Path.Text);
                facts.Record(Key(prefix, comparison.Path.Text), value);
                return Compare(comparison, value);
            }

            case QuantifierCondition quantifier:
            {
                var key = Key(prefix, quantifier.Path.Text);
                var value = Resolve(target, quantifier.Path.Text);
                if (value is not IEnumerable list)
                {
                    facts.Record(key, null);
                    return quantifier.Quantifier != Quantifier.Some;
                }

                var elements = list.Cast<object?>().ToList();
                if (elements.Count == 0)
                {
                    facts.Record(key, value);
                }

                for (var i = 0; i < elements.Count; i++)
                {
                    var holds = elements[i] is { } element && Holds(quantifier.Inner, element, $"{key}[{i}]", facts);
                    if (quantifier.Quantifier == Quantifier.Some && holds)
                    {
                        return true;
                    }

                    if (quantifier.Quantifier != Quantifier.Some && holds == (quantifier.Quantifier == Quantifier.None))
                    {
                        return false;
                    }
                }

                return quantifier.Quantifier != Quantifier.Some;
            }

            case ExpressionCondition expression:
                try
                {
                    return expression.Evaluate(target, new EvaluationScope());
                }
                catch (Exception fault) when (fault.GetType().Name == "ConditionFaultException")
                {
                    throw new FaultException(fault.Message);
                }

            default:
                throw new NotSupportedException(condition.GetType().Name);
        }
    }

    private static string Key(string prefix, string path) => prefix.Length == 0 ? path : path.Length == 0 ? prefix : $"{prefix}.{path}";

    /// <summary>The comparison operators of section 3, on a value read from the subject (missing: <see langword="null"/>).</summary>
    private static bool Compare(ComparisonCondition comparison, object? actual)
    {
        var operands = comparison.Operands;
        if (comparison.Operator == Operator.Exists)
        {
            var present = actual switch
            {
                null => false,
                string => true,
                IEnumerable e => e.Cast<object?>().Any(),
                _ => true,
            };
            return present == (bool)operands[0].Value;
        }

        if (actual is null)
        {
            return comparison.Operator is Operator.NotEquals or Operator.NotIn;
        }

        return comparison.Operator switch
        {
            Operator.Equals => Same(actual, operands[0].Value),
            Operator.NotEquals => !Same(actual, operands[0].Value),
            Operator.In => operands.Any(o => Same(actual, o.Value)),
            Operator.NotIn => !operands.Any(o => Same(actual, o.Value)),
            Operator.GreaterThan => Order(actual, operands[0].Value) is > 0,
            Operator.GreaterThanOrEqual => Order(actual, operands[0].Value) is >= 0,
            Operator.LessThan => Order(actual, operands[0].Value) is < 0,
            Operator.LessThanOrEqual => Order(actual, operands[0].Value) is <= 0,
            Operator.Matches => Matches(comparison, actual is string s ? s : Format(actual)),
            Operator.Contains => actual is string text
                ? text.Contains((string)operands[0].Value, StringComparison.OrdinalIgnoreCase)
                : actual is IEnumerable list && list.Cast<object?>().Any(item => item is not null && Same(item, operands[0].Value)),
            Operator.StartsWith => actual is string start && operands.Any(o => start.StartsWith((string)o.Value, StringComparison.OrdinalIgnoreCase)),
            Operator.EndsWith => actual is string end && operands.Any(o => end.EndsWith((string)o.Value, StringComparison.OrdinalIgnoreCase)),
            _ => throw new NotSupportedException(comparison.Operator.ToString()),
        };
    }

    private static bool Matches(ComparisonCondition comparison, string text)
    {
        var pattern = comparison.Operands[0].Text;
        return new Regex(pattern, RegexOptions.CultureInvariant).IsMatch(text);
    }

    /// <summary>Equality: text and enum members ignore case; numbers as numbers; dates by the timestamp's UTC date.</summary>
    private static bool Same(object actual, object operand) => operand switch
    {
        string s => actual is string or Enum && string.Equals(actual.ToString(), s, StringComparison.OrdinalIgnoreCase),
        Enum e => actual is Enum a ? a.Equals(e) : actual is string t && string.Equals(t, e.ToString(), StringComparison.OrdinalIgnoreCase),
        bool b => actual is bool a && a == b,
        double or DateOnly or DateTimeOffset => Order(actual, operand) == 0,
        _ => Equals(actual, operand),
    };

    private static int? Order(object actual, object operand) => (actual, operand) switch
    {
        (_, double d) when Number(actual) is { } n => n.CompareTo(d),
        (DateTimeOffset t, DateOnly date) => DateOnly.FromDateTime(t.UtcDateTime).CompareTo(date),
        (DateTimeOffset t, DateTimeOffset at) => t.CompareTo(at),
        _ => null,
    };

    private static double? Number(object value) => value switch
    {
        long l => l,
        int i => i,
        double d => d,
        float f => f,
        decimal m => (double)m,
        _ => null,
    };

    /// <summary>Reads a dotted path by reflection: properties by their camelCase names, a string map by key.</summary>
    private static object? Resolve(object target, string path)
    {
        if (path.Length == 0)
        {
            return target;
        }

        object? current = target;
        var segments = path.Split('.');
        for (var i = 0; i < segments.Length && current is not null; i++)
        {
            if (current is IReadOnlyDictionary<string, string> map)
            {
                return map.TryGetValue(string.Join('.', segments[i..]), out var value) ? value : null;
            }

            current = Read(current, segments[i]);
        }

        return current;
    }

    private static object? Read(object target, string name) =>
        target.GetType().GetProperty(char.ToUpperInvariant(name[0]) + name[1..], BindingFlags.Public | BindingFlags.Instance)?.GetValue(target);

    /// <summary><c>{path}</c> placeholders replaced by the subject's values; a missing value is <c>(none)</c>, a list is joined.</summary>
    private static string Render(string template, object subject) =>
        Regex.Replace(template, @"\{([^}]*)\}", match => Resolve(subject, match.Groups[1].Value.Trim()) switch
        {
            null => "(none)",
            string s => s,
            IEnumerable list => string.Join(", ", list.Cast<object?>().Select(v => v is null ? "(none)" : Format(v))),
            var value => Format(value),
        });

    private static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        DateOnly d => Date(d),
        DateTimeOffset t => t.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
        Enum e => char.ToLowerInvariant(e.ToString()[0]) + e.ToString()[1..],
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>What a clause read: each path once, with its first value, in the order read; values as verdicts carry them.</summary>
    private sealed class Facts
    {
        private readonly List<Fact> _facts = [];

        public void Record(string path, object? value)
        {
            if (_facts.All(f => f.Path != path))
            {
                _facts.Add(new Fact(path, Plain(value)));
            }
        }

        public Fact[] ToArray() => [.. _facts];

        private static object? Plain(object? value) => value switch
        {
            null or string or bool or long or int or double or float or decimal => value,
            Enum or DateTimeOffset or DateOnly => Format(value),
            IReadOnlyDictionary<string, string> map => new SortedDictionary<string, string>(map.ToDictionary(), StringComparer.Ordinal),
            IEnumerable list => list.Cast<object?>()
                .Select(v => v is null or string or bool or Enum or IFormattable ? Plain(v) : "{…}")
                .ToArray(),
            _ => value.ToString(),
        };
    }

    private sealed class FaultException(string message) : Exception(message);
}
