using Compliance.Verdicts;
using Compliance.Evaluation;
using Compliance.Subjects;

namespace Compliance.Conditions;

/// <summary>A dotted path into a subject, resolved against its kind at load time.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class FieldPath
{
    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;

    private readonly Func<object, object?> _get;
    private readonly Dictionary<long, string>? _enumNames;
    private readonly bool _numberIsDouble;

    /// <summary>A path through <paramref name="chain"/> (nested objects, then the field read), and into the string map that
    /// the last field is when <paramref name="mapKey"/> is given; an empty chain is the list element itself.</summary>
    internal FieldPath(string text, FieldType type, FieldType? elementType, IReadOnlyList<string> enumMembers,
        SubjectTypeModel? elementModel, Type? enumClrType, IReadOnlyList<SubjectField> chain, string? mapKey)
    {
        Text = text;
        Type = type;
        ElementType = elementType;
        EnumMembers = enumMembers;
        ElementModel = elementModel;
        EnumClrType = enumClrType;
        (_get, Reader, Shape) = Compile(chain, mapKey, type);
        _numberIsDouble = chain.Count > 0 && mapKey is null && chain[^1].ValueClrType == typeof(double);
        if (Shape == ValueShape.Enum && enumClrType is not null)
        {
            _enumNames = [];
            foreach (var value in Enum.GetValues(enumClrType))
            {
                _enumNames[Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)] = Operand.Format(value);
            }
        }
    }

    /// <summary>The path as written, such as <c>tags.purpose</c>; empty for a list element itself.</summary>
    public string Text { get; }

    /// <summary>The type of the value at the path.</summary>
    public FieldType Type { get; }

    /// <summary>For a list, the type of its elements.</summary>
    public FieldType? ElementType { get; }

    /// <summary>For an enum value or a list of enums, the members in rule-file spelling.</summary>
    public IReadOnlyList<string> EnumMembers { get; }

    /// <summary>For a list of objects, the model of its elements.</summary>
    public SubjectTypeModel? ElementModel { get; }

    internal Type? EnumClrType { get; }

    /// <summary>How <see cref="Reader"/> reads the value.</summary>
    internal ValueShape Shape { get; }

    /// <summary>Reads the value without boxing: a <c>Func&lt;object, T?&gt;</c> for the <see cref="Shape"/>
    /// (<see cref="ValueShape.Object"/>: the untyped getter).</summary>
    internal Delegate Reader { get; }

    /// <summary>Whether this path names the list element itself (inside <c>some</c>/<c>every</c>/<c>none</c> on a list of scalars).</summary>
    public bool IsSelf => Text.Length == 0;

    internal object? Get(object target) => _get(target);

    /// <summary>The value at the path as a verdict fact carries it (see <see cref="EvaluationScope.Normalize"/>), reading
    /// text, enum members and booleans without allocating.</summary>
    internal object? ReadFact(object target)
    {
        switch (Shape)
        {
            case ValueShape.String:
                return ((Func<object, string?>)Reader)(target);
            case ValueShape.Boolean:
                return ((Func<object, bool?>)Reader)(target) is { } flag ? flag ? BoxedTrue : BoxedFalse : null;
            case ValueShape.Enum when _enumNames is not null:
            {
                if (((Func<object, long?>)Reader)(target) is not { } value)
                {
                    return null;
                }

                return _enumNames.TryGetValue(value, out var name) ? name : EvaluationScope.Normalize(Get(target));
            }

            default:
                return EvaluationScope.Normalize(Get(target));
        }
    }

    /// <summary>Whether <see cref="ReadFact"/> gives the value without making anything (text, an enum member, a boolean).</summary>
    internal bool ReadsPlain => Shape is ValueShape.String or ValueShape.Boolean || (Shape == ValueShape.Enum && _enumNames is not null);

    /// <summary>Whether the value at the path, made plain (<see cref="ReadFact"/>), is the same as <paramref name="known"/>
    /// (<see cref="ClauseResultCache.SameValue"/>), comparing lists of text and numbers in place when it can.</summary>
    internal bool ReadsAs(object target, object? known)
    {
        if (Shape == ValueShape.Number && _numberIsDouble)
        {
            var value = ((Func<object, double?>)Reader)(target);
            return value is { } number
                ? known is double other && BitConverter.DoubleToInt64Bits(number) == BitConverter.DoubleToInt64Bits(other)
                : known is null;
        }

        if (Type == FieldType.List && ElementType == FieldType.String)
        {
            var list = Get(target);
            if (list is null || known is null)
            {
                return list is null && known is null;
            }

            if (list is not IReadOnlyList<string?> texts || known is not ReadOnlyArray<object?> plain || texts.Count != plain.Count)
            {
                return ClauseResultCache.SameValue(ReadFact(target), known);
            }

            for (var i = 0; i < plain.Count; i++)
            {
                if (!ClauseResultCache.SameValue(texts[i], plain[i]))
                {
                    return false;
                }
            }

            return true;
        }

        return ClauseResultCache.SameValue(ReadFact(target), known);
    }

    /// <inheritdoc/>
    public override string ToString() => IsSelf ? "(element)" : Text;

    private static (Func<object, object?> Get, Delegate Reader, ValueShape Shape) Compile(IReadOnlyList<SubjectField> chain, string? mapKey, FieldType type)
    {
        if (chain.Count == 0)
        {
            // The list element itself: already a value. Text is read as text; other scalars through the untyped comparer.
            return type == FieldType.String
                ? (static o => o, (Func<object, string?>)(static o => o as string), ValueShape.String)
                : (static o => o, (Func<object, object?>)(static o => o), ValueShape.Object);
        }

        Func<object, object?>? owner = null;
        for (var i = 0; i < chain.Count - 1; i++)
        {
            owner = owner is null ? chain[i].Getter : Then(owner, chain[i].Getter);
        }

        var last = chain[^1];
        if (mapKey is not null)
        {
            var map = owner is null ? last.Getter : Then(owner, last.Getter);
            Func<object, string?> lookup = o => map(o) is IReadOnlyDictionary<string, string> m && m.TryGetValue(mapKey, out var v) ? v : null;
            return (lookup, lookup, ValueShape.String);
        }

        var get = owner is null ? last.Getter : Then(owner, last.Getter);
        var reader = owner is null ? last.Reader : last.Shape switch
        {
            ValueShape.String => Then(owner, (Func<object, string?>)last.Reader),
            ValueShape.Enum => Then(owner, (Func<object, long?>)last.Reader),
            ValueShape.Number => Then(owner, (Func<object, double?>)last.Reader),
            ValueShape.Boolean => Then(owner, (Func<object, bool?>)last.Reader),
            ValueShape.Timestamp => Then(owner, (Func<object, DateTimeOffset?>)last.Reader),
            _ => (Delegate)get,
        };
        return (get, reader, last.Shape);
    }

    private static Func<object, T> Then<T>(Func<object, object?> owner, Func<object, T> read) =>
        o => owner(o) is { } inner ? read(inner) : default!;
}
