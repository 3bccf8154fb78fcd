using System.Collections.Concurrent;
using System.Reflection;

namespace Compliance.Subjects;

/// <summary>The fields of a subject type, keyed by their rule-file names.</summary>
/// <remarks>Built once per CLR type; immutable and thread-safe.</remarks>
public sealed class SubjectTypeModel
{
    private readonly Dictionary<string, SubjectField> _byName = new(StringComparer.Ordinal);
    private readonly List<SubjectField> _fields = [];

    internal SubjectTypeModel(Type clrType, SubjectKindRegistry registry)
    {
        ClrType = clrType;
        Registry = registry;
    }

    /// <summary>The CLR type described.</summary>
    public Type ClrType { get; }

    /// <summary>The fields, in declaration order.</summary>
    public IReadOnlyList<SubjectField> Fields => _fields;

    internal SubjectKindRegistry Registry { get; }

    internal SubjectField? IdField { get; private set; }

    internal SubjectField? TimestampField { get; private set; }

    /// <summary>Creates an empty instance of <see cref="ClrType"/>; <see langword="null"/> when it has no parameterless
    /// constructor. Compiled on first use.</summary>
    internal Func<object>? Constructor => _constructorBuilt ? _constructor : BuildConstructor();

    private Func<object>? _constructor;
    private volatile bool _constructorBuilt;

    private Func<object>? BuildConstructor()
    {
        _constructor = FieldAccessors.Constructor(ClrType);
        _constructorBuilt = true;
        return _constructor;
    }

    /// <summary>Finds a field by its rule-file name (exact, case-sensitive).</summary>
    public SubjectField? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The converters of <see cref="Fields"/>, in the same order; built on first use.</summary>
    internal FieldConverter[] Converters
    {
        get
        {
            if (Volatile.Read(ref _converters) is { } built)
            {
                return built;
            }

            Interlocked.CompareExchange(ref _converters, _fields.Select(f => f.Converter).ToArray(), null);
            return _converters;
        }
    }

    private FieldConverter[]? _converters;

    /// <summary>The index in <see cref="Converters"/> of the field a UTF-8 name names (exactly, as <see cref="Find"/>
    /// matches), or -1. Subjects usually give their fields in the same order line after line, so the field at
    /// <paramref name="hint"/> (the one after the previous field) is tried first.</summary>
    internal int IndexOf(ReadOnlySpan<byte> utf8Name, int hint)
    {
        var converters = Converters;
        if ((uint)hint < (uint)converters.Length && utf8Name.SequenceEqual(converters[hint].Utf8Name))
        {
            return hint;
        }

        for (var i = 0; i < converters.Length; i++)
        {
            if (utf8Name.SequenceEqual(converters[i].Utf8Name))
            {
                return i;
            }
        }

        return -1;
    }

    internal void Populate()
    {
        foreach (var property in ClrType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod is null || property.Name == "EqualityContract")
            {
                continue;
            }

            var field = new SubjectField(property, this);
            _fields.Add(field);
            _byName[field.Name] = field;
        }

        IdField = _byName.GetValueOrDefault("id") is { Type: FieldType.String } id ? id : null;
        TimestampField = _byName.GetValueOrDefault("timestamp") is { Type: FieldType.Timestamp } ts ? ts : null;
    }

    internal static string CamelCase(string name) =>
        name.Length == 0 || char.IsLower(name[0]) ? name : char.ToLowerInvariant(name[0]) + name[1..];

    internal static IReadOnlyList<string> EnumNames(Type enumType) =>
        Enum.GetNames(enumType).Select(CamelCase).ToArray();

    internal static Type? ListElementType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        foreach (var candidate in type.GetInterfaces().Append(type))
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            {
                return candidate.GetGenericArguments()[0];
            }
        }

        return null;
    }

    internal static bool IsStringMap(Type type) =>
        type.GetInterfaces().Append(type).Any(i => i.IsGenericType
            && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)
            && i.GetGenericArguments()[0] == typeof(string)
            && i.GetGenericArguments()[1] == typeof(string));

    internal static (FieldType Type, FieldType? Element, SubjectTypeModel? ElementModel) Classify(Type type, SubjectKindRegistry registry)
    {
        var scalar = ScalarType(type);
        if (scalar is { } s)
        {
            return (s, null, null);
        }

        if (IsStringMap(type))
        {
            return (FieldType.StringMap, null, null);
        }

        if (ListElementType(type) is { } element)
        {
            var underlying = Nullable.GetUnderlyingType(element) ?? element;
            if (ScalarType(underlying) is { } es)
            {
                return (FieldType.List, es, null);
            }

            return (FieldType.List, FieldType.Object, registry.ModelFor(underlying));
        }

        return (FieldType.Object, null, null);
    }

    internal static FieldType? ScalarType(Type type)
    {
        if (type == typeof(string))
        {
            return FieldType.String;
        }

        if (type.IsEnum)
        {
            return FieldType.Enum;
        }

        if (type == typeof(bool))
        {
            return FieldType.Boolean;
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(DateOnly))
        {
            return FieldType.Timestamp;
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)
            || type == typeof(uint) || type == typeof(ulong))
        {
            return FieldType.Integer;
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return FieldType.Number;
        }

        return null;
    }
}
