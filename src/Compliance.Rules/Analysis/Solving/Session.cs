using System.Text.RegularExpressions;
using Compliance.Conditions;
using Compliance.Evaluation;
using Compliance.Subjects;

namespace Compliance.Rules.Analysis.Solving;

/// <summary>State shared by the questions of one analysis run: the date, the budget per question and for the whole run,
/// and what the subject kinds' validators accept. Not thread-safe; one run uses one session.</summary>
internal sealed partial class Session(RuleSet ruleSet, DateOnly today, long maxSteps, long totalSteps)
{
    private readonly Dictionary<(string Kind, string Key, object? Value), bool> _validity = [];
    private readonly Dictionary<(string Kind, string Prefix), HashSet<string>> _required = [];
    private readonly Dictionary<string, RootOwner> _roots = new(StringComparer.Ordinal);
    private readonly Dictionary<(Condition Condition, object? Value), bool> _truths = new(new TruthKeyComparer());
    private readonly EvaluationScope _scope = new();

    public RuleSet RuleSet { get; } = ruleSet;

    public DateOnly Today { get; } = today;

    /// <summary>The whole run's budget, from which every question's steps are drawn.</summary>
    public TotalBudget Total { get; } = new(totalSteps);

    public Budget NewBudget() => new(maxSteps, Total);

    public RootOwner Root(string kind)
    {
        if (!_roots.TryGetValue(kind, out var owner))
        {
            owner = new RootOwner(RuleSet.Kinds.Find(kind)!);
            _roots[kind] = owner;
        }

        return owner;
    }

    /// <summary>Whether the kind's validator accepts a subject that holds <paramref name="value"/> in the slot's place
    /// (other problems the probe subject has, such as missing required fields elsewhere, do not count).</summary>
    public bool IsValid(ScalarSlot slot, object? value)
    {
        var key = (slot.Owner.Kind.Name, slot.ValidityKey, value);
        if (_validity.TryGetValue(key, out var valid))
        {
            return valid;
        }

        var root = slot.Owner.Root(slot.OwnerValue(value));
        var wanted = slot.ValidityKey.ToLowerInvariant();
        valid = !Validate(slot.Owner.Kind, root, slot.Atoms.FirstOrDefault()?.Location ?? default).Any(e => Normalize(e.Path) == wanted);
        _validity[key] = valid;
        return valid;
    }

    /// <summary>Whether a condition on the slot's owner holds when the slot holds <paramref name="value"/>, evaluated by
    /// the evaluator itself, so the analysis shares its semantics exactly.</summary>
    public bool Evaluate(Condition condition, ScalarSlot slot, object? value)
    {
        if (_truths.TryGetValue((condition, value), out var holds))
        {
            return holds;
        }

        try
        {
            _scope.Clear();
            holds = condition.Evaluate(slot.OwnerValue(value), _scope);
        }
        catch (ConditionFaultException fault)
        {
            throw new NotAnalysableException(condition.Location, fault.Message);
        }

        _truths[(condition, value)] = holds;
        return holds;
    }

    /// <summary>The validation paths of the owner's fields that an otherwise empty subject is missing.</summary>
    public IReadOnlySet<string> RequiredKeys(Owner owner)
    {
        var key = (owner.Kind.Name, owner.Prefix);
        if (_required.TryGetValue(key, out var keys))
        {
            return keys;
        }

        var root = owner.Root(Objects.Create(owner.Model!, default));
        keys = Validate(owner.Kind, root, default).Select(e => Normalize(e.Path)).Where(p => p.Length > 0).ToHashSet(StringComparer.Ordinal);
        _required[key] = keys;
        return keys;
    }

    private static IReadOnlyList<SubjectError> Validate(SubjectKind kind, object subject, SourceLocation at)
    {
        try
        {
            return kind.Validate(subject);
        }
        catch (Exception ex) when (ex is not NotAnalysableException)
        {
            throw new NotAnalysableException(at, AnalysisMessages.ValidatorFailed(kind.Name, ex.Message));
        }
    }

    private static string Normalize(string? path) => path is null ? string.Empty : Index().Replace(path, string.Empty).ToLowerInvariant();

    [GeneratedRegex(@"\[\d+\]", RegexOptions.CultureInvariant)]
    private static partial Regex Index();

    private sealed class TruthKeyComparer : IEqualityComparer<(Condition Condition, object? Value)>
    {
        public bool Equals((Condition Condition, object? Value) x, (Condition Condition, object? Value) y) =>
            ReferenceEquals(x.Condition, y.Condition) && Equals(x.Value, y.Value);

        public int GetHashCode((Condition Condition, object? Value) key) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Condition), key.Value);
    }
}
