using Compliance.Conditions;
using Compliance.Subjects;

namespace Compliance.Rules.Analysis.Solving;

/// <summary>What a scalar slot holds: a field of its owner, a key of one of its maps, or a list element itself.</summary>
internal enum SlotKind
{
    Field,
    MapKey,
    Self,
}

/// <summary>One scalar value of the subject that conditions read (<c>cloud</c>, <c>tags.purpose</c>, an element of
/// <c>partners</c>), with the comparisons made on it. Building a problem turns it into one finite-domain variable whose
/// values are representatives of the classes of values that no comparison tells apart.</summary>
internal sealed class ScalarSlot
{
    public ScalarSlot(Owner owner, string text, SlotKind kind, SubjectField field, string? key)
    {
        Owner = owner;
        Text = text;
        Kind = kind;
        Field = field;
        Key = key;
        switch (kind)
        {
            case SlotKind.Field:
                Type = field.Type;
                ClrType = field.ValueClrType;
                Nullable = !field.IsRequiredValueType;
                break;
            case SlotKind.MapKey:
                Type = FieldType.String;
                ClrType = typeof(string);
                Nullable = true;
                break;
            default:
                Type = field.ElementType!.Value;
                var element = SubjectTypeModel.ListElementType(field.ValueClrType)!;
                ClrType = System.Nullable.GetUnderlyingType(element) ?? element;
                Nullable = false;
                break;
        }
    }

    public Owner Owner { get; }

    /// <summary>The path as the conditions write it (for an element: the list's path).</summary>
    public string Text { get; }

    public SlotKind Kind { get; }

    /// <summary>The field; for a map key the map; for an element the list.</summary>
    public SubjectField Field { get; }

    public string? Key { get; }

    public FieldType Type { get; }

    public Type ClrType { get; }

    public bool Nullable { get; }

    public List<ComparisonCondition> Atoms { get; } = [];

    /// <summary>Values a list's <c>contains</c> compares its elements with (for the element slot of a list of scalars).</summary>
    public List<Operand> ExtraConstants { get; } = [];

    /// <summary>The path validation errors name for this value, lowercased without indexes (<c>calls.vendor</c>).</summary>
    public string ValidityKey => Kind switch
    {
        SlotKind.Field => Owner.Prefix + Field.Name,
        SlotKind.MapKey => Owner.Prefix + Field.Name + "." + Key,
        _ => ((ElementOwner)Owner).SelfKey,
    };

    /// <summary>Builds the owning object with this value in place, ready for a condition to read.</summary>
    public object OwnerValue(object? value) => Kind switch
    {
        SlotKind.Field => Objects.With(Owner.Model!, Field, value, default),
        SlotKind.MapKey => Objects.With(Owner.Model!, Field,
            Objects.MapOf(Field, value is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [Key!] = (string)value }), default),
        _ => value!,
    };

    // Set when the problem is built.
    public object?[] Values { get; set; } = [];

    public int Variable { get; set; } = -1;

    public Dictionary<ComparisonCondition, bool[]> Tables { get; } = new(ReferenceEqualityComparer.Instance);
}

/// <summary>One class of list elements: the elements that the list's quantifiers and <c>contains</c> cannot tell apart.</summary>
/// <param name="Bits">For each quantifier's inner condition, then each <c>contains</c>, whether an element of the class meets it.</param>
/// <param name="Value">For a list of scalars, a representative element.</param>
/// <param name="Assignment">For a list of objects, the element problem's assignment that builds a representative.</param>
internal sealed record ElementClass(bool[] Bits, object? Value, int[]? Assignment);

/// <summary>A list of the subject that conditions read. Building a problem gives it one true/false variable per element
/// class: whether the list holds an element of that class.</summary>
internal sealed class ListSlot(Owner owner, string text, SubjectField field)
{
    public Owner Owner { get; } = owner;

    public string Text { get; } = text;

    public SubjectField Field { get; } = field;

    public ElementOwner ElementOwner { get; } = new(owner, field);

    public bool HoldsObjects => Field.ElementType == FieldType.Object;

    public List<ComparisonCondition> ListAtoms { get; } = [];

    public List<QuantifierCondition> Quantifiers { get; } = [];

    public ScalarSlot? Elements { get; set; }

    public ProblemBuilder? ElementBuilder { get; set; }

    // Set when the problem is built.
    public List<ElementClass> Classes { get; } = [];

    public int[] Presence { get; set; } = [];

    public Problem? ElementProblem { get; set; }

    public Dictionary<Condition, int> Bit { get; } = new(ReferenceEqualityComparer.Instance);
}

/// <summary>A string map read as a whole (<c>tags: { exists: true }</c>). Its variable says whether the map holds a key
/// that no condition names; the keys conditions do name are scalar slots of their own.</summary>
internal sealed class MapSlot(Owner owner, string text, SubjectField field)
{
    public Owner Owner { get; } = owner;

    public string Text { get; } = text;

    public SubjectField Field { get; } = field;

    public List<ComparisonCondition> Atoms { get; } = [];

    public int OtherKey { get; set; } = -1;
}
