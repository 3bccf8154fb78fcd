using System.Collections;
using System.Reflection;

namespace Compliance.Subjects;

/// <summary>One field of a subject type, as rule paths and subject files name it.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class SubjectField
{
    internal SubjectField(PropertyInfo property, SubjectTypeModel owner)
    {
        Property = property;
        Name = SubjectTypeModel.CamelCase(property.Name);
        ClrName = property.Name;
        var type = property.PropertyType;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        ValueClrType = underlying;
        (Type, ElementType, ElementModel) = SubjectTypeModel.Classify(underlying, owner.Registry);
        if (Type == FieldType.Object)
        {
            ObjectModel = owner.Registry.ModelFor(underlying);
        }

        EnumMembers = Type == FieldType.Enum ? SubjectTypeModel.EnumNames(underlying) : [];
        if (ElementType == FieldType.Enum)
        {
            EnumMembers = SubjectTypeModel.EnumNames(SubjectTypeModel.ListElementType(underlying)!);
        }

        Shape = FieldAccessors.ShapeOf(Type, underlying);
        IsRequiredValueType = underlying.IsValueType && Nullable.GetUnderlyingType(type) is null;
    }

    /// <summary>The field's name in rule paths and subject files (camelCase).</summary>
    public string Name { get; }

    /// <summary>The member's C# name, as <c>expression:</c> conditions use it.</summary>
    public string ClrName { get; }

    /// <summary>The field's type.</summary>
    public FieldType Type { get; }

    /// <summary>For a list, the type of its elements; otherwise <see langword="null"/>.</summary>
    public FieldType? ElementType { get; }

    /// <summary>For an enum (or a list of enums), its members in rule-file spelling.</summary>
    public IReadOnlyList<string> EnumMembers { get; }

    /// <summary>For a list of objects, the model of its elements.</summary>
    public SubjectTypeModel? ElementModel { get; }

    /// <summary>For a nested object, its model.</summary>
    public SubjectTypeModel? ObjectModel { get; }

    internal PropertyInfo Property { get; }

    internal Type ValueClrType { get; }

    internal bool IsRequiredValueType { get; }

    /// <summary>Reads the field as an object (boxing a value type); compiled on first use.</summary>
    internal Func<object, object?> Getter => _getter ??= FieldAccessors.Getter(Property);

    /// <summary>How <see cref="Reader"/> reads the field.</summary>
    internal ValueShape Shape { get; }

    /// <summary>Reads the field without boxing, as <see cref="Shape"/> says; compiled on first use.</summary>
    internal Delegate Reader => _reader ??= Shape == ValueShape.Object ? Getter : FieldAccessors.Reader(Property, Shape);

    /// <summary>A setter taking a value of <paramref name="valueType"/>, or <see langword="null"/> when the property has none;
    /// compiled on first use.</summary>
    internal Delegate? SetterFor(Type valueType)
    {
        if (Property.SetMethod is null)
        {
            return null;
        }

        var setters = _setters;
        foreach (var (type, setter) in setters)
        {
            if (type == valueType)
            {
                return setter;
            }
        }

        var compiled = FieldAccessors.Setter(Property, valueType);
        _setters = [.. setters, (valueType, compiled)];
        return compiled;
    }

    /// <summary>Sets the field from what a reader found, converted as every reader converts it; built on first use.</summary>
    internal FieldConverter Converter
    {
        get
        {
            if (Volatile.Read(ref _converter) is { } built)
            {
                return built;
            }

            Interlocked.CompareExchange(ref _converter, new FieldConverter(this), null);
            return _converter;
        }
    }

    private FieldConverter? _converter;
    private Func<object, object?>? _getter;
    private Delegate? _reader;
    private (Type Type, Delegate Setter)[] _setters = [];

    internal static int Count(object? list) => list switch
    {
        null => 0,
        ICollection c => c.Count,
        IEnumerable e => e.Cast<object?>().Count(),
        _ => 0,
    };
}
