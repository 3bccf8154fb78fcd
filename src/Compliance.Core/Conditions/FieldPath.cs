using Compliance.Subjects;

namespace Compliance.Conditions;

/// <summary>A dotted path into a subject, resolved against its kind at load time.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class FieldPath
{
    private readonly Func<object, object?> _get;

    internal FieldPath(string text, FieldType type, FieldType? elementType, IReadOnlyList<string> enumMembers,
        SubjectTypeModel? elementModel, Type? enumClrType, Func<object, object?> get)
    {
        Text = text;
        Type = type;
        ElementType = elementType;
        EnumMembers = enumMembers;
        ElementModel = elementModel;
        EnumClrType = enumClrType;
        _get = get;
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

    /// <summary>Whether this path names the list element itself (inside <c>some</c>/<c>every</c>/<c>none</c> on a list of scalars).</summary>
    public bool IsSelf => Text.Length == 0;

    internal object? Get(object target) => _get(target);

    /// <inheritdoc/>
    public override string ToString() => IsSelf ? "(element)" : Text;
}
