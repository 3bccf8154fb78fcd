using System.Collections;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;

namespace Compliance.Subjects;

/// <summary>Why a value was not set on a field (see <see cref="FieldConverter.Explain"/>).</summary>
internal enum ConversionFailure
{
    /// <summary>The value was set.</summary>
    None,

    /// <summary>The text is not a value of the field's type (not a whole number, not a timestamp...).</summary>
    WrongType,

    /// <summary>A number the field's CLR type cannot hold.</summary>
    OutOfRange,

    /// <summary>The text names no member of the field's enum.</summary>
    NotAMember,

    /// <summary>The field's CLR property cannot take the value (no setter, a collection type that is not an array or list).</summary>
    NotStorable,
}

/// <summary>Sets one field of a subject from what a reader found in its input: the one conversion of subject values,
/// whatever the format. A reader finds the field by name (<see cref="SubjectTypeModel.Find"/>, then
/// <see cref="SubjectField.Converter"/>), hands it text (<see cref="SetText"/>) or a value it has already typed, and on a
/// failure reports <see cref="Explain"/>'s text; the JSON-lines fast path calls the typed setters and declines on a failure.</summary>
/// <remarks>Built once per field, with compiled setters; immutable and thread-safe.</remarks>
internal sealed class FieldConverter
{
    private readonly Action<object, string>? _setString;
    private readonly Action<object, long>? _setWhole;
    private readonly Action<object, double>? _setNumber;
    private readonly Action<object, bool>? _setBoolean;
    private readonly Action<object, DateTimeOffset>? _setInstant;
    private readonly Action<object, object>? _setObject;
    private readonly object[] _members = [];
    private readonly Type? _elementClr;
    private readonly Type? _listType;
    private readonly bool _arrayFits;
    private readonly bool _mapFits;

    internal FieldConverter(SubjectField field)
    {
        Field = field;
        Utf8Name = Encoding.UTF8.GetBytes(field.Name);
        IsId = field.Name == "id";
        var type = field.Property.PropertyType;
        var underlying = field.ValueClrType;
        if (field.Type == FieldType.Enum)
        {
            _members = field.EnumMembers.Select(m => Enum.Parse(underlying, m, ignoreCase: true)).ToArray();
        }
        else if (field.Type == FieldType.List)
        {
            _elementClr = SubjectTypeModel.ListElementType(underlying)!;
            _arrayFits = type.IsAssignableFrom(_elementClr.MakeArrayType());
            var listType = typeof(List<>).MakeGenericType(_elementClr);
            _listType = type.IsAssignableFrom(listType) ? listType : null;
            if (field.ElementType == FieldType.Enum)
            {
                var elementEnum = Nullable.GetUnderlyingType(_elementClr) ?? _elementClr;
                _members = field.EnumMembers.Select(m => Enum.Parse(elementEnum, m, ignoreCase: true)).ToArray();
            }
        }
        else if (field.Type == FieldType.StringMap)
        {
            _mapFits = type.IsAssignableFrom(typeof(ReadOnlyDictionary<string, string>));
        }

        if (field.Property.SetMethod is null)
        {
            return;
        }

        switch (field.Type)
        {
            case FieldType.String when underlying == typeof(string):
                _setString = (Action<object, string>)field.SetterFor(typeof(string))!;
                break;
            case FieldType.Integer:
                _setWhole = (Action<object, long>)field.SetterFor(typeof(long))!;
                break;
            case FieldType.Number:
                _setNumber = (Action<object, double>)field.SetterFor(typeof(double))!;
                break;
            case FieldType.Boolean:
                _setBoolean = (Action<object, bool>)field.SetterFor(typeof(bool))!;
                break;
            case FieldType.Timestamp:
                _setInstant = (Action<object, DateTimeOffset>)field.SetterFor(typeof(DateTimeOffset))!;
                break;
            case FieldType.Enum or FieldType.StringMap or FieldType.List or FieldType.Object:
                _setObject = (Action<object, object>)field.SetterFor(typeof(object))!;
                break;
        }
    }

    /// <summary>The field converted.</summary>
    public SubjectField Field { get; }

    /// <summary>The field's name in subject files.</summary>
    public string Name => Field.Name;

    /// <summary>The field's name in UTF-8, as the JSON-lines reader compares names.</summary>
    public byte[] Utf8Name { get; }

    /// <summary>Whether this is an <c>id</c> field (a top-level one names the subject in verdicts).</summary>
    public bool IsId { get; }

    /// <summary>The field's type.</summary>
    public FieldType Type => Field.Type;

    /// <summary>For a list, the type of its elements.</summary>
    public FieldType? ElementType => Field.ElementType;

    /// <summary>The model of a nested object, or of the elements of a list of objects.</summary>
    public SubjectTypeModel? Model => Field.ObjectModel ?? Field.ElementModel;

    /// <summary>Sets a single value from its text, read as <see cref="ScalarSyntax"/> reads the field's type.</summary>
    /// <param name="instance">The subject or nested object.</param>
    /// <param name="text">The value's text.</param>
    /// <param name="quoted">Whether it was quoted (a JSON string, a quoted YAML scalar): then never a number or a boolean.</param>
    public ConversionFailure SetText(object instance, string text, bool quoted)
    {
        switch (Type)
        {
            case FieldType.String:
                return SetString(instance, text);
            case FieldType.Enum:
                return SetMember(instance, text);
            case FieldType.Integer:
                return ScalarSyntax.TryWhole(text, quoted, out var whole) ? SetWhole(instance, whole) : ConversionFailure.WrongType;
            case FieldType.Number:
                return ScalarSyntax.TryNumber(text, quoted, out var number) ? SetNumber(instance, number) : ConversionFailure.WrongType;
            case FieldType.Boolean:
                return ScalarSyntax.TryBoolean(text, quoted, out var flag) ? SetBoolean(instance, flag) : ConversionFailure.WrongType;
            case FieldType.Timestamp:
                return ScalarSyntax.TryTimestamp(text, out var instant) ? SetInstant(instance, instant) : ConversionFailure.WrongType;
            default:
                return ConversionFailure.WrongType;
        }
    }

    /// <summary>Sets a text field.</summary>
    public ConversionFailure SetString(object instance, string text)
    {
        if (_setString is null)
        {
            return ConversionFailure.NotStorable;
        }

        _setString(instance, text);
        return ConversionFailure.None;
    }

    /// <summary>Sets an enum field to the member <paramref name="text"/> names, ignoring case.</summary>
    public ConversionFailure SetMember(object instance, ReadOnlySpan<char> text) =>
        SetMemberAt(instance, ScalarSyntax.MemberIndex(Field.EnumMembers, text));

    /// <summary>Sets an enum field to the member UTF-8 text names, ignoring case, as <see cref="SetMember(object, ReadOnlySpan{char})"/>
    /// does, without decoding the text; false, with nothing set, when that cannot be told from the bytes (see
    /// <see cref="ScalarSyntax.AsciiMemberIndex"/>), and the caller hands over the text as characters.</summary>
    public bool TrySetMember(object instance, ReadOnlySpan<byte> utf8, out ConversionFailure failure)
    {
        var index = ScalarSyntax.AsciiMemberIndex(Field.EnumMembers, utf8);
        failure = index is { } found ? SetMemberAt(instance, found) : ConversionFailure.None;
        return index is not null;
    }

    private ConversionFailure SetMemberAt(object instance, int index)
    {
        if (index < 0)
        {
            return ConversionFailure.NotAMember;
        }

        if (_setObject is null)
        {
            return ConversionFailure.NotStorable;
        }

        _setObject(instance, _members[index]);
        return ConversionFailure.None;
    }

    /// <summary>Sets a whole-number field, checking that its CLR type holds the value.</summary>
    public ConversionFailure SetWhole(object instance, long value)
    {
        if (_setWhole is null)
        {
            return ConversionFailure.NotStorable;
        }

        try
        {
            _setWhole(instance, value);
            return ConversionFailure.None;
        }
        catch (OverflowException)
        {
            return ConversionFailure.OutOfRange;
        }
    }

    /// <summary>Sets a number field, checking that its CLR type holds the value (a <see cref="decimal"/> cannot hold every double).</summary>
    public ConversionFailure SetNumber(object instance, double value)
    {
        if (_setNumber is null)
        {
            return ConversionFailure.NotStorable;
        }

        try
        {
            _setNumber(instance, value);
            return ConversionFailure.None;
        }
        catch (OverflowException)
        {
            return ConversionFailure.OutOfRange;
        }
    }

    /// <summary>Sets a boolean field.</summary>
    public ConversionFailure SetBoolean(object instance, bool value)
    {
        if (_setBoolean is null)
        {
            return ConversionFailure.NotStorable;
        }

        _setBoolean(instance, value);
        return ConversionFailure.None;
    }

    /// <summary>Sets a timestamp field (a <see cref="DateTime"/> takes the UTC time, a <see cref="DateOnly"/> the UTC date).</summary>
    public ConversionFailure SetInstant(object instance, DateTimeOffset value)
    {
        if (_setInstant is null)
        {
            return ConversionFailure.NotStorable;
        }

        _setInstant(instance, value);
        return ConversionFailure.None;
    }

    /// <summary>Sets a map field from the entries read (the map is not copied: the caller gives it up).</summary>
    public ConversionFailure SetMap(object instance, Dictionary<string, string> entries)
    {
        if (_setObject is null || !_mapFits)
        {
            return ConversionFailure.NotStorable;
        }

        _setObject(instance, new ReadOnlyDictionary<string, string>(entries));
        return ConversionFailure.None;
    }

    /// <summary>Sets a nested-object field.</summary>
    public ConversionFailure SetObject(object instance, object value)
    {
        if (_setObject is null)
        {
            return ConversionFailure.NotStorable;
        }

        _setObject(instance, value);
        return ConversionFailure.None;
    }

    /// <summary>An array for a list's elements, of the element CLR type.</summary>
    public Array NewElements(int count) => Array.CreateInstance(_elementClr!, count);

    /// <summary>Sets a list field from its elements (an array from <see cref="NewElements"/>, or a <c>string[]</c> for a list of
    /// text), as an array, or as a <see cref="List{T}"/> when the property does not take an array.</summary>
    public ConversionFailure SetList(object instance, Array elements)
    {
        if (_setObject is null)
        {
            return ConversionFailure.NotStorable;
        }

        if (_arrayFits)
        {
            _setObject(instance, elements);
            return ConversionFailure.None;
        }

        if (_listType is null)
        {
            return ConversionFailure.NotStorable;
        }

        var list = (IList)Activator.CreateInstance(_listType, elements.Length)!;
        foreach (var item in elements)
        {
            list.Add(item);
        }

        _setObject(instance, list);
        return ConversionFailure.None;
    }

    /// <summary>Reads one element of a list of single values from its text, as <see cref="SetText"/> reads a field.</summary>
    /// <param name="text">The element's text.</param>
    /// <param name="quoted">Whether it was quoted.</param>
    /// <param name="value">The element, of the element CLR type, boxed.</param>
    public ConversionFailure ReadElement(string text, bool quoted, out object? value)
    {
        value = null;
        var target = Nullable.GetUnderlyingType(_elementClr!) ?? _elementClr!;
        switch (ElementType)
        {
            case FieldType.String:
                value = text;
                return ConversionFailure.None;
            case FieldType.Enum:
            {
                var index = ScalarSyntax.MemberIndex(Field.EnumMembers, text);
                value = index < 0 ? null : _members[index];
                return index < 0 ? ConversionFailure.NotAMember : ConversionFailure.None;
            }

            case FieldType.Integer when ScalarSyntax.TryWhole(text, quoted, out var whole):
                return Change(whole, target, out value);
            case FieldType.Number when ScalarSyntax.TryNumber(text, quoted, out var number):
                return Change(number, target, out value);
            case FieldType.Boolean when ScalarSyntax.TryBoolean(text, quoted, out var flag):
                value = flag;
                return ConversionFailure.None;
            case FieldType.Timestamp when ScalarSyntax.TryTimestamp(text, out var instant):
                value = target == typeof(DateTimeOffset) ? instant
                    : target == typeof(DateTime) ? instant.UtcDateTime
                    : DateOnly.FromDateTime(instant.UtcDateTime);
                return ConversionFailure.None;
            default:
                return ConversionFailure.WrongType;
        }
    }

    /// <summary>The error text for a failure to set <paramref name="text"/> at <paramref name="path"/>.</summary>
    /// <param name="failure">What went wrong.</param>
    /// <param name="path">The field, or an element of it, such as <c>partners[2]</c>.</param>
    /// <param name="text">The value's text.</param>
    /// <param name="element">Whether <paramref name="path"/> is an element of the list.</param>
    public string Explain(ConversionFailure failure, string path, string text, bool element = false)
    {
        var type = element ? ElementType!.Value : Type;
        return failure switch
        {
            ConversionFailure.OutOfRange => $"`{path}` is out of range: `{text}`",
            ConversionFailure.NotAMember =>
                $"`{text}` is not a value of `{path}`; the values are {string.Join(", ", Field.EnumMembers.Select(m => $"`{m}`"))}",
            ConversionFailure.NotStorable => $"`{path}` cannot be stored",
            _ => type switch
            {
                FieldType.Integer => $"`{path}` must be a whole number, not `{text}`",
                FieldType.Number => $"`{path}` must be a number, not `{text}`",
                FieldType.Boolean => $"`{path}` must be `true` or `false`, not `{text}`",
                FieldType.Timestamp =>
                    $"`{path}` must be an RFC 3339 timestamp such as `2026-03-01T12:00:00Z` or a date such as `2026-03-01`, not `{text}`",
                _ => $"`{path}` cannot be read",
            },
        };
    }

    /// <summary>The error text for a value of the wrong shape at <paramref name="path"/>, such as a list where a single
    /// value belongs; <paramref name="element"/> for an element of the list.</summary>
    /// <param name="path">The field, or an element of it.</param>
    /// <param name="shape">What was found: <c>a map</c>, <c>a list</c>, <c>a single value</c>, <c>null</c>.</param>
    /// <param name="element">Whether <paramref name="path"/> is an element of the list.</param>
    public string ExplainShape(string path, string shape, bool element = false)
    {
        var type = element ? ElementType!.Value : Type;
        return type switch
        {
            FieldType.StringMap => $"`{path}` must be a map of names to text, not {shape}",
            FieldType.List => $"`{path}` must be a list, not {shape}",
            FieldType.Object => $"`{path}` must be a map of fields, not {shape}",
            _ => $"`{path}` must be a single value, not {shape}",
        };
    }

    /// <summary>The error text for an empty (null) element of a list at <paramref name="path"/>, such as <c>partners[1]</c>.</summary>
    public static string ExplainEmptyElement(string path) => $"`{path}` is empty";

    /// <summary>The error text for an entry of a map of text that is not text, at <paramref name="path"/> such as <c>tags.team</c>.</summary>
    public static string ExplainMapEntry(string path, string shape) => $"`{path}` must be text, not {shape}";

    private static ConversionFailure Change(object value, Type target, out object? changed)
    {
        try
        {
            changed = Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
            return ConversionFailure.None;
        }
        catch (OverflowException)
        {
            changed = null;
            return ConversionFailure.OutOfRange;
        }
    }
}
