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

        // The evaluation itself, watched: the observer adds no meaning of its own to any node.
        var observer = new ConditionObserver();
        try
        {
            condition.Run(subject, new EvaluationScope { Observer = observer });
        }
        catch (ConditionFaultException)
        {
            // Recorded on the node that faulted and on every node the fault passed through, up to the root.
        }

        return observer.Root!;
    }

    /// <summary>Judges one clause of <paramref name="ruleSet"/> on <paramref name="subject"/> as the evaluator does, and
    /// returns the steps it took, in its order, each with the explained condition it evaluated.</summary>
    /// <param name="ruleSet">The rule set the clause belongs to (its superseders and waivers are looked at too).</param>
    /// <param name="clause">One of the rule set's clauses on the subject's kind.</param>
    /// <param name="subject">The subject.</param>
    /// <param name="asOf">The date the clause is judged on.</param>
    /// <returns>The steps up to the one that decided the clause: whether it is in effect; its <c>when</c>; the clause that
    /// supersedes it, if one does; its <c>require</c> or <c>forbid</c>; each exception; each waiver. A step not taken
    /// (the <c>when</c> did not hold, the condition was satisfied, an exception exempted) is not listed, nor any after it.</returns>
    /// <exception cref="ArgumentException"><paramref name="clause"/> is not a clause of the rule set on the subject's kind.</exception>
    public static IReadOnlyList<ClauseStep> ExplainClause(RuleSet ruleSet, Model.Clause clause, object subject, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(ruleSet);
        ArgumentNullException.ThrowIfNull(clause);
        ArgumentNullException.ThrowIfNull(subject);
        return ruleSet.Evaluator.Steps(clause, subject, asOf);
    }
}

/// <summary>Which part of a clause a <see cref="ClauseStep"/> looked at.</summary>
public enum ClauseStepKind
{
    /// <summary>Whether the clause is in effect on the date (<see cref="ClauseStep.InForce"/>); if not, nothing else is looked at.</summary>
    InEffect,

    /// <summary>The clause's <c>when</c>; <see cref="ClauseStep.Explanation"/> is <see langword="null"/> for a clause without one.</summary>
    When,

    /// <summary>A clause in effect supersedes this one (<see cref="ClauseStep.Id"/>); nothing else is looked at.</summary>
    Superseded,

    /// <summary>The clause's <c>require</c> or <c>forbid</c>.</summary>
    Condition,

    /// <summary>One exception (<see cref="ClauseStep.Id"/>); one not in force on the date (<see cref="ClauseStep.InForce"/>
    /// false) is not evaluated.</summary>
    Exception,

    /// <summary>One waiver of the clause (<see cref="ClauseStep.Id"/>); one not active on the date is not evaluated, and one
    /// without a <c>when</c> covers every subject (<see cref="ClauseStep.Explanation"/> is <see langword="null"/>).</summary>
    Waiver,
}

/// <summary>One step of a clause's evaluation, as the evaluator took it (see <see cref="ConditionExplainer.ExplainClause"/>).</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class ClauseStep
{
    internal ClauseStep(ClauseStepKind kind, string? id, bool inForce, ConditionExplanation? explanation)
    {
        Kind = kind;
        Id = id;
        InForce = inForce;
        Explanation = explanation;
    }

    /// <summary>Which part of the clause was looked at.</summary>
    public ClauseStepKind Kind { get; }

    /// <summary>The exception's, waiver's or superseding clause's id; <see langword="null"/> for the other steps.</summary>
    public string? Id { get; }

    /// <summary>For <see cref="ClauseStepKind.InEffect"/>, whether the clause is in effect on the date; for an exception or
    /// a waiver, whether it is in force on the date; otherwise <see langword="true"/>.</summary>
    public bool InForce { get; }

    /// <summary>The condition the step evaluated, explained node by node; <see langword="null"/> when it evaluated none.</summary>
    public ConditionExplanation? Explanation { get; }
}

/// <summary>Watches one evaluation of a condition through <see cref="EvaluationScope.Observer"/> and builds its
/// <see cref="ConditionExplanation"/>: each node's result or fault is what its own <see cref="Condition.Evaluate"/> gave.</summary>
/// <remarks>Where the evaluation stops early (the first false item of <c>all</c>, the first element that settles a
/// quantifier, a fault), the observer goes on through the node's remaining children by the node's own step
/// (<see cref="Condition.Run"/> on an item, <see cref="QuantifierCondition.Element"/> on an element), only to explain them:
/// what they give, or a fault they raise, does not change the node's result, which was already decided.
/// Not thread-safe: one observer per evaluation.</remarks>
internal sealed class ConditionObserver
{
    /// <summary>The nodes being evaluated, innermost last.</summary>
    private readonly List<Node> _open = [];

    /// <summary>The list elements being evaluated, innermost last: the element's path from the subject's root, its index,
    /// and how many children its quantifier had when it was entered.</summary>
    private readonly List<(string Path, int Index, int Before)> _elements = [];

    /// <summary>The index of the element just entered, for the node evaluated on it.</summary>
    private int? _elementIndex;

    /// <summary>The clause steps taken so far (<see cref="BeginStep"/>), the last one still open.</summary>
    private readonly List<ClauseStep> _steps = [];

    private (ClauseStepKind Kind, string? Id, bool InForce)? _step;

    /// <summary>The explanation of the condition evaluated first (since the last <see cref="BeginStep"/>), once it has finished.</summary>
    public ConditionExplanation? Root { get; private set; }

    /// <summary>Called by the evaluator as it takes each step of a clause: the condition evaluated next, if any, belongs to it.</summary>
    public void BeginStep(ClauseStepKind kind, string? id = null, bool inForce = true)
    {
        EndStep();
        _step = (kind, id, inForce);
    }

    /// <summary>The clause steps taken, each with the condition it evaluated.</summary>
    public IReadOnlyList<ClauseStep> Steps()
    {
        EndStep();
        return _steps.ToArray();
    }

    private void EndStep()
    {
        if (_step is { } step)
        {
            _steps.Add(new ClauseStep(step.Kind, step.Id, step.InForce, Root));
            _step = null;
        }

        Root = null;
    }

    /// <summary>Evaluates <paramref name="condition"/> exactly as <see cref="Condition.Run"/> does without an observer, and
    /// records it; a fault is recorded and thrown on.</summary>
    public bool Observe(Condition condition, object target, EvaluationScope scope)
    {
        var path = condition switch
        {
            ComparisonCondition comparison => comparison.Path,
            QuantifierCondition quantifier => quantifier.Path,
            _ => null,
        };
        var node = new Node(condition, path is null ? null : PathUnder(path), path is null ? null : EvaluationScope.Normalize(path.Get(target)),
            _elementIndex);
        _elementIndex = null;
        _open.Add(node);
        bool result;
        try
        {
            result = condition.Evaluate(target, scope);
        }
        catch (ConditionFaultException fault)
        {
            Close(node, false, fault.Message, target, scope);
            throw;
        }

        Close(node, result, null, target, scope);
        return result;
    }

    /// <summary>Called by <see cref="EvaluationScope.Enter"/>: the innermost open node, a quantifier, enters an element.</summary>
    public void EnterElement(int index)
    {
        var quantifier = _open[^1];
        _elements.Add((string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{quantifier.Path}[{index}]"), index, quantifier.Children.Count));
        _elementIndex = index;
    }

    /// <summary>Called by <see cref="EvaluationScope.Exit"/>. A missing element was not evaluated (it holds nothing): it is
    /// explained as its quantifier's condition, false, with nothing read.</summary>
    public void ExitElement()
    {
        var (path, index, before) = _elements[^1];
        _elements.RemoveAt(_elements.Count - 1);
        _elementIndex = null;
        var quantifier = _open[^1];
        if (quantifier.Children.Count == before)
        {
            quantifier.Children.Add(new ConditionExplanation(((QuantifierCondition)quantifier.Condition).Inner, false, null, path, null, index, []));
        }
    }

    private void Close(Node node, bool result, string? error, object target, EvaluationScope scope)
    {
        ExplainRest(node, target, scope);
        _open.RemoveAt(_open.Count - 1);
        var explanation = new ConditionExplanation(node.Condition, error is null && result, error, node.Path, node.Actual, node.ElementIndex,
            node.Children.Count == 0 ? [] : node.Children.ToArray());
        if (_open.Count == 0)
        {
            Root = explanation;
        }
        else
        {
            _open[^1].Children.Add(explanation);
        }
    }

    /// <summary>Explains the children the evaluation of <paramref name="node"/> did not reach.</summary>
    private static void ExplainRest(Node node, object target, EvaluationScope scope)
    {
        var reached = node.Children.Count;
        switch (node.Condition)
        {
            case AllCondition all:
                ExplainItems(all.Items, reached, target, scope);
                break;
            case AnyCondition any:
                ExplainItems(any.Items, reached, target, scope);
                break;
            case QuantifierCondition quantifier when quantifier.Path.Get(target) is IEnumerable list:
                var index = 0;
                foreach (var element in list)
                {
                    if (index >= reached)
                    {
                        Detached(() => quantifier.Element(element, index, scope));
                    }

                    index++;
                }

                break;
        }
    }

    private static void ExplainItems(IReadOnlyList<Condition> items, int reached, object target, EvaluationScope scope)
    {
        for (var i = reached; i < items.Count; i++)
        {
            var item = items[i];
            Detached(() => item.Run(target, scope));
        }
    }

    /// <summary>Evaluates a child only to explain it: a fault is already recorded on it and goes no further.</summary>
    private static void Detached(Func<bool> evaluate)
    {
        try
        {
            evaluate();
        }
        catch (ConditionFaultException)
        {
        }
    }

    /// <summary>The path as read from the subject's root, the way verdict facts name it: <c>calls[0].cloud</c>, <c>partners[1]</c>.</summary>
    private string PathUnder(FieldPath path)
    {
        var prefix = _elements.Count == 0 ? string.Empty : _elements[^1].Path;
        return prefix.Length == 0 ? path.Text : path.IsSelf ? prefix : prefix + "." + path.Text;
    }

    /// <summary>A node being evaluated, and the explanations of its children so far.</summary>
    private sealed class Node(Condition condition, string? path, object? actual, int? elementIndex)
    {
        public Condition Condition { get; } = condition;

        public string? Path { get; } = path;

        public object? Actual { get; } = actual;

        public int? ElementIndex { get; } = elementIndex;

        public List<ConditionExplanation> Children { get; } = [];
    }
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
