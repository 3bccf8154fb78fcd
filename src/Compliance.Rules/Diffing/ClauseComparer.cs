using Compliance.Conditions;
using Compliance.Model;

namespace Compliance.Rules.Diffing;

/// <summary>Which keys of a clause differ between two rule sets: by meaning as loaded, not by layout, so that a clause
/// that moved in its file, or a condition written another way with the same parts, is unchanged.</summary>
internal static class ClauseComparer
{
    /// <summary>The keys that differ, in the order a clause is written.</summary>
    public static IReadOnlyList<string> ChangedKeys(Clause before, IReadOnlyList<Waiver> beforeWaivers, Clause after, IReadOnlyList<Waiver> afterWaivers)
    {
        var keys = new List<string>();
        Check("section", before.Section == after.Section);
        Check("title", before.Title == after.Title);
        Check("text", before.Text == after.Text);
        Check("appliesTo", before.AppliesTo == after.AppliesTo);
        Check("effective", SameWindow(before.Effective, after.Effective));
        Check("when", SameCondition(before.When, after.When));
        if (before.Mode != after.Mode)
        {
            keys.Add(ModeKey(before.Mode));
            keys.Add(ModeKey(after.Mode));
        }
        else
        {
            Check(ModeKey(after.Mode), SameCondition(before.Condition, after.Condition));
        }

        Check("effect", before.Effect == after.Effect);
        Check("message", before.Message?.Text == after.Message?.Text);
        Check("remediation", before.Remediation == after.Remediation);
        Check("exceptions", Same(before.Exceptions, after.Exceptions,
            (a, b) => a.Id == b.Id && a.Section == b.Section && a.Reason == b.Reason && SameWindow(a.Effective, b.Effective)
                && SameCondition(a.When, b.When)));
        Check("supersedes", before.Supersedes.SequenceEqual(after.Supersedes, StringComparer.Ordinal));
        Check("waivers", Same(Ordered(beforeWaivers), Ordered(afterWaivers), (a, b) => a.Id == b.Id && a.Reason == b.Reason
            && a.ApprovedBy == b.ApprovedBy && a.Expires == b.Expires && SameCondition(a.When, b.When)));
        return keys;

        void Check(string key, bool same)
        {
            if (!same)
            {
                keys.Add(key);
            }
        }
    }

    /// <summary>The keys of a definition that differ, in the order a definition is written.</summary>
    public static IReadOnlyList<string> ChangedKeys(Definition before, Definition after)
    {
        var keys = new List<string>();
        Check("section", before.Term.Section == after.Term.Section);
        Check("title", before.Term.Title == after.Term.Title);
        Check("text", before.Text == after.Text);
        Check("values", (before.Values ?? []).SequenceEqual(after.Values ?? [], StringComparer.Ordinal) && (before.Values is null) == (after.Values is null));
        Check("condition", SameCondition(before.Condition, after.Condition));
        return keys;

        void Check(string key, bool same)
        {
            if (!same)
            {
                keys.Add(key);
            }
        }
    }

    /// <summary>The same days in force: <c>until: 2027-07-01</c> and <c>through: 2027-06-30</c> are one window.</summary>
    private static bool SameWindow(EffectiveWindow a, EffectiveWindow b) => a.From == b.From && a.Until == b.Until;

    private static string ModeKey(ClauseMode mode) => mode == ClauseMode.Require ? "require" : "forbid";

    private static Waiver[] Ordered(IReadOnlyList<Waiver> waivers) => waivers.OrderBy(w => w.Id, StringComparer.Ordinal).ToArray();

    private static bool Same<T>(IReadOnlyList<T> a, IReadOnlyList<T> b, Func<T, T, bool> same)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!same(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether two conditions are the same tree: the same combinators, paths, operators and operand values
    /// (text compared exactly, so that a change of case is a change even where the operator ignores case).</summary>
    public static bool SameCondition(Condition? a, Condition? b) => (a, b) switch
    {
        (null, null) => true,
        (AllCondition x, AllCondition y) => Same(x.Items, y.Items, SameCondition),
        (AnyCondition x, AnyCondition y) => Same(x.Items, y.Items, SameCondition),
        (NotCondition x, NotCondition y) => SameCondition(x.Inner, y.Inner),
        (ComparisonCondition x, ComparisonCondition y) => x.Path.Text == y.Path.Text && x.Operator == y.Operator
            && x.Term?.Id == y.Term?.Id && Same(x.Operands, y.Operands, SameOperand),
        (TermCondition x, TermCondition y) => x.Term.Id == y.Term.Id && SameCondition(x.Inner, y.Inner),
        (QuantifierCondition x, QuantifierCondition y) => x.Path.Text == y.Path.Text && x.Quantifier == y.Quantifier
            && SameCondition(x.Inner, y.Inner),
        (ExpressionCondition x, ExpressionCondition y) => x.Text == y.Text,
        _ => false,
    };

    private static bool SameOperand(Operand a, Operand b) =>
        a.Value.GetType() == b.Value.GetType() && (a.Value is string s ? string.Equals(s, (string)b.Value, StringComparison.Ordinal) : a.Value.Equals(b.Value));
}
