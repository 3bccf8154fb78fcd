using System.Collections;
using Compliance.Evaluation;

namespace Compliance.Conditions;

/// <summary>Evaluates a condition on a subject and records, node by node, what each part of the tree read and decided,
/// to answer "which condition decided this".</summary>
/// <remarks>Every child of a combinator and every element of a list is explained, even those the evaluator would
/// skip once the answer is known; each node's <see cref="ConditionExplanation.Result"/> is nonetheless what the
/// evaluator gives for it. A regex timeout or an expression fault does not throw: it shows as
/// <see cref="ConditionExplanation.Error"/> on the node, and on each parent the evaluator would have reached it from.
/// Slower than evaluation: meant for explaining one subject, not for batches. Thread-safe.</remarks>
public static class ConditionExplainer
{
    /// <summary>Evaluates <paramref name="condition"/> on <paramref name="subject"/> and explains every node.</summary>
    /// <param name="condition">A compiled condition, such as a clause's <c>When</c> or <c>Condition</c>.</param>
    /// <param name="subject">The subject, of the kind the condition was compiled for.</param>
    public static ConditionExplanation Explain(Condition condition, object subject)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(subject);
        return Explain(condition, subject, prefix: string.Empty, elementIndex: null);
    }

    private static ConditionExplanation Explain(Condition condition, object target, string prefix, int? elementIndex) => condition switch
    {
        AllCondition all => Combine(all, all.Items.Select(item => Explain(item, target, prefix, null)).ToArray(), decisive: false, elementIndex),
        AnyCondition any => Combine(any, any.Items.Select(item => Explain(item, target, prefix, null)).ToArray(), decisive: true, elementIndex),
        NotCondition not => Negate(not, Explain(not.Inner, target, prefix, null), elementIndex),
        ComparisonCondition comparison => Leaf(comparison, target, PathUnder(prefix, comparison.Path), comparison.Path.Get(target), elementIndex),
        QuantifierCondition quantifier => Quantify(quantifier, target, prefix, elementIndex),
        _ => Leaf(condition, target, path: null, actual: null, elementIndex),
    };

    /// <summary><c>all</c> (<paramref name="decisive"/> false) stops at the first false child; <c>any</c> at the first true one.
    /// A faulting child reached before that point faults the parent, as it does in the evaluator.</summary>
    private static ConditionExplanation Combine(Condition condition, ConditionExplanation[] children, bool decisive, int? elementIndex)
    {
        foreach (var child in children)
        {
            if (child.Error is { } error)
            {
                return new ConditionExplanation(condition, false, error, null, null, elementIndex, children);
            }

            if (child.Result == decisive)
            {
                return new ConditionExplanation(condition, decisive, null, null, null, elementIndex, children);
            }
        }

        return new ConditionExplanation(condition, !decisive, null, null, null, elementIndex, children);
    }

    private static ConditionExplanation Negate(NotCondition condition, ConditionExplanation inner, int? elementIndex) =>
        new(condition, inner.Error is null && !inner.Result, inner.Error, null, null, elementIndex, [inner]);

    private static ConditionExplanation Leaf(Condition condition, object target, string? path, object? actual, int? elementIndex)
    {
        bool result;
        string? error = null;
        try
        {
            result = condition.Evaluate(target, new EvaluationScope());
        }
        catch (ConditionFaultException fault)
        {
            result = false;
            error = fault.Message;
        }

        return new ConditionExplanation(condition, result, error, path, EvaluationScope.Normalize(actual), elementIndex, []);
    }

    private static ConditionExplanation Quantify(QuantifierCondition quantifier, object target, string prefix, int? elementIndex)
    {
        var path = PathUnder(prefix, quantifier.Path);
        var value = quantifier.Path.Get(target);
        var children = new List<ConditionExplanation>();
        if (value is IEnumerable list)
        {
            var index = 0;
            foreach (var element in list)
            {
                var elementPath = $"{path}[{index}]";
                children.Add(element is null
                    ? new ConditionExplanation(quantifier.Inner, false, null, elementPath, null, index, [])
                    : Explain(quantifier.Inner, element, elementPath, index));
                index++;
            }
        }

        // The evaluator walks the elements in order and stops at the first that settles the answer.
        foreach (var child in children)
        {
            if (child.Error is { } error)
            {
                return new ConditionExplanation(quantifier, false, error, path, EvaluationScope.Normalize(value), elementIndex, children);
            }

            var settles = quantifier.Quantifier switch
            {
                Quantifier.Some => child.Result,
                Quantifier.Every => !child.Result,
                _ => child.Result,
            };
            if (settles)
            {
                return new ConditionExplanation(quantifier, quantifier.Quantifier == Quantifier.Some, null, path,
                    EvaluationScope.Normalize(value), elementIndex, children);
            }
        }

        return new ConditionExplanation(quantifier, quantifier.Quantifier != Quantifier.Some, null, path,
            EvaluationScope.Normalize(value), elementIndex, children);
    }

    /// <summary>The path as read from the subject's root, the way verdict facts name it: <c>calls[0].cloud</c>, <c>partners[1]</c>.</summary>
    private static string PathUnder(string prefix, FieldPath path) =>
        prefix.Length == 0 ? path.Text : path.IsSelf ? prefix : prefix + "." + path.Text;
}

/// <summary>One node of an explained condition: the condition, whether it held, what it read, and its explained children.</summary>
/// <remarks>Immutable and thread-safe. Made by <see cref="ConditionExplainer.Explain(Condition, object)"/>.</remarks>
public sealed class ConditionExplanation
{
    internal ConditionExplanation(Condition condition, bool result, string? error, string? path, object? actual, int? elementIndex,
        IReadOnlyList<ConditionExplanation> children)
    {
        Condition = condition;
        Result = result;
        Error = error;
        Path = path;
        Actual = actual;
        ElementIndex = elementIndex;
        Children = children;
    }

    /// <summary>The condition explained.</summary>
    public Condition Condition { get; }

    /// <summary>Whether the condition held; <see langword="false"/> when <see cref="Error"/> is set.</summary>
    public bool Result { get; }

    /// <summary>Why the condition could not be evaluated (a regex timeout, an expression fault); <see langword="null"/> when it could.</summary>
    /// <remarks>A clause whose evaluation meets this error has the status <c>error</c>.</remarks>
    public string? Error { get; }

    /// <summary>For a <see cref="ComparisonCondition"/> or <see cref="QuantifierCondition"/>, the path read from the subject's root,
    /// such as <c>cloud</c>, <c>calls[0].cloud</c> or <c>partners[1]</c>; for a list element, its path; otherwise <see langword="null"/>.</summary>
    public string? Path { get; }

    /// <summary>For a <see cref="ComparisonCondition"/> or <see cref="QuantifierCondition"/>, the value at <see cref="Path"/>
    /// as verdict facts carry it (text, number, boolean, list or map); <see langword="null"/> when missing, and for other conditions.</summary>
    public object? Actual { get; }

    /// <summary>For the explanation of a quantifier's condition on one list element, the element's 0-based index; otherwise <see langword="null"/>.</summary>
    public int? ElementIndex { get; }

    /// <summary>The explained children: the items of <c>all</c>/<c>any</c>, the inner condition of <c>not</c>, or, for a quantifier,
    /// its condition on each list element in order; empty for a leaf.</summary>
    public IReadOnlyList<ConditionExplanation> Children { get; }
}
