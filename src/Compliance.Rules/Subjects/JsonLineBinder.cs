using System.Collections.ObjectModel;
using System.Text;
using System.Text.Json;
using Compliance.Evaluation;
using Compliance.Rules.Compilation;
using Compliance.Subjects;

namespace Compliance.Rules.Subjects;

/// <summary>Reads one line of JSON straight into a typed subject with <see cref="Utf8JsonReader"/>: no document, no
/// <c>DataNode</c> tree, no reflection. It handles only subjects that bind cleanly; for anything else (an unknown or
/// repeated key at any level, a value of the wrong type, malformed JSON or text that is not valid UTF-16, nesting deeper
/// than the limit, more values than <see cref="SubjectReaderOptions.MaxNodes"/> or a list longer than
/// <see cref="SubjectReaderOptions.MaxListElements"/>, a kind it does not know) it declines, and the caller
/// reads the line the general way, which produces the same subject or explains what is wrong.</summary>
/// <remarks>Built once per registry; thread-safe.</remarks>
internal sealed class JsonLineBinder
{
    private readonly SubjectKindRegistry _kinds;
    private readonly (byte[] Name, SubjectKind Kind)[] _kindNames;
    private readonly Dictionary<SubjectTypeModel, ModelBinding> _bindings = [];
    private readonly JsonReaderOptions _options;
    private readonly int _maxNodes;
    private readonly int _maxListElements;

    public JsonLineBinder(SubjectKindRegistry kinds, int maxDepth, int maxNodes, int maxListElements)
    {
        _kinds = kinds;
        _maxNodes = maxNodes;
        _maxListElements = maxListElements;
        _options = new JsonReaderOptions { MaxDepth = maxDepth };
        _kindNames = kinds.Kinds
            .Where(k => k.Model.Find("kind") is null)
            .Select(k => (Encoding.UTF8.GetBytes(k.Name), k))
            .ToArray();
        foreach (var kind in kinds.Kinds)
        {
            Prepare(kind.Model);
        }
    }

    /// <summary>Binds a line, or returns <see langword="null"/> when the general reader must.</summary>
    public SubjectInput? TryBind(ReadOnlySpan<byte> line, string source)
    {
        try
        {
            var reader = new Utf8JsonReader(line, _options);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var probe = reader;
            if (FindKind(ref probe) is not { } kind || _bindings[kind.Model] is not { Create: { } create } binding)
            {
                return null;
            }

            var subject = create();
            string? id = null;
            var nodes = 1;
            if (!BindObject(ref reader, binding, subject, topLevel: true, ref id, ref nodes) || reader.Read())
            {
                return null;
            }

            return new SubjectInput { Subject = subject, Kind = kind.Name, Id = id, Source = source };
        }
        catch (Exception exception) when (exception is JsonException or OverflowException or InvalidOperationException
            or ArgumentException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The subject's kind, from the first <c>kind</c> entry of the object the reader is on.</summary>
    private SubjectKind? FindKind(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("kind"u8))
            {
                reader.Skip();
                continue;
            }

            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                return null;
            }

            foreach (var (name, kind) in _kindNames)
            {
                if (reader.ValueTextEquals(name))
                {
                    return kind;
                }
            }

            return null;
        }

        return null;
    }

    private void Prepare(SubjectTypeModel model)
    {
        if (_bindings.ContainsKey(model))
        {
            return;
        }

        var binding = new ModelBinding(model);
        _bindings[model] = binding;
        foreach (var field in binding.Fields)
        {
            if (field.Model is { } nested)
            {
                Prepare(nested);
            }
        }
    }

    /// <summary>Counts one more value of the subject (a map, list or single value, as the general reader counts them);
    /// false, to decline, once there are more than the limit, before reading further.</summary>
    private bool Count(ref int nodes) => ++nodes <= _maxNodes;

    /// <summary>Reads the object the reader is on (at its start) into <paramref name="instance"/>; false to decline.</summary>
    private bool BindObject(ref Utf8JsonReader reader, ModelBinding binding, object instance, bool topLevel, ref string? id, ref int nodes)
    {
        ulong seen = 0;
        var hint = 0;
        var kindSeen = false;
        while (true)
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return true;
            }

            if (topLevel && reader.ValueTextEquals("kind"u8))
            {
                // A second `kind` is a duplicate key, which the general reader refuses.
                if (kindSeen)
                {
                    return false;
                }

                kindSeen = true;
                reader.Skip();
                if (!Count(ref nodes))
                {
                    return false;
                }

                continue;
            }

            var index = binding.IndexOf(ref reader, hint);
            if (index < 0 || (seen & (1UL << index)) != 0)
            {
                return false;
            }

            hint = index + 1;

            seen |= 1UL << index;
            var field = binding.Fields[index];
            var isId = topLevel && field.IsId;
            if (!reader.Read() || !Count(ref nodes))
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            if (isId && reader.TokenType != JsonTokenType.String)
            {
                return false;
            }

            if (!BindValue(ref reader, field, instance, isId, ref id, ref nodes))
            {
                return false;
            }
        }
    }

    private bool BindValue(ref Utf8JsonReader reader, FieldBinding field, object instance, bool isId, ref string? id, ref int nodes)
    {
        switch (field.Kind)
        {
            case BindingKind.String when reader.TokenType == JsonTokenType.String:
            {
                var text = reader.GetString()!;
                if (isId)
                {
                    id = text;
                }

                ((Action<object, string>)field.Setter!)(instance, text);
                return true;
            }

            case BindingKind.Enum when reader.TokenType == JsonTokenType.String:
            {
                if (field.MemberOf(ref reader) is not { } value)
                {
                    return false;
                }

                ((Action<object, long>)field.Setter!)(instance, value);
                return true;
            }

            case BindingKind.Integer when reader.TokenType == JsonTokenType.Number:
            {
                if (!IsWholeNumber(reader.ValueSpan) || !reader.TryGetInt64(out var whole))
                {
                    return false;
                }

                ((Action<object, long>)field.Setter!)(instance, whole);
                return true;
            }

            case BindingKind.Number when reader.TokenType == JsonTokenType.Number:
            {
                if (!reader.TryGetDouble(out var number) || !double.IsFinite(number))
                {
                    return false;
                }

                ((Action<object, double>)field.Setter!)(instance, number);
                return true;
            }

            case BindingKind.Boolean when reader.TokenType is JsonTokenType.True or JsonTokenType.False:
                ((Action<object, bool>)field.Setter!)(instance, reader.TokenType == JsonTokenType.True);
                return true;
            case BindingKind.Timestamp when reader.TokenType == JsonTokenType.String:
            {
                if (!TryTimestamp(ref reader, out var instant))
                {
                    return false;
                }

                ((Action<object, DateTimeOffset>)field.Setter!)(instance, instant);
                return true;
            }

            case BindingKind.StringMap when reader.TokenType == JsonTokenType.StartObject:
            {
                var map = new Dictionary<string, string>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var key = reader.GetString()!;
                    // A repeated key is a duplicate, which the general reader refuses. A null value is left to the general
                    // reader too, so that every key read here is in the map and a repeat of it is seen.
                    if (map.ContainsKey(key) || !reader.Read() || reader.TokenType != JsonTokenType.String || !Count(ref nodes))
                    {
                        return false;
                    }

                    map[key] = reader.GetString()!;
                }

                ((Action<object, object>)field.Setter!)(instance, new ReadOnlyDictionary<string, string>(map));
                return true;
            }

            case BindingKind.TextList when reader.TokenType == JsonTokenType.StartArray:
            {
                var items = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    // A full list declines at its next element, before counting it; the general reader says which limit.
                    if (items.Count == _maxListElements || reader.TokenType != JsonTokenType.String || !Count(ref nodes))
                    {
                        return false;
                    }

                    items.Add(reader.GetString()!);
                }

                ((Action<object, object>)field.Setter!)(instance, items.ToArray());
                return true;
            }

            case BindingKind.ObjectList when reader.TokenType == JsonTokenType.StartArray:
            {
                var element = _bindings[field.Model!];
                var items = new List<object>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    string? ignored = null;
                    // As for text lists: a full list declines at its next element.
                    if (items.Count == _maxListElements || reader.TokenType != JsonTokenType.StartObject || element.Create is not { } create
                        || !Count(ref nodes))
                    {
                        return false;
                    }

                    var item = create();
                    if (!BindObject(ref reader, element, item, topLevel: false, ref ignored, ref nodes))
                    {
                        return false;
                    }

                    items.Add(item);
                }

                var array = Array.CreateInstance(field.ElementClrType!, items.Count);
                Array.Copy(items.ToArray(), array, items.Count);
                ((Action<object, object>)field.Setter!)(instance, array);
                return true;
            }

            case BindingKind.Object when reader.TokenType == JsonTokenType.StartObject:
            {
                var nested = _bindings[field.Model!];
                if (nested.Create is not { } create)
                {
                    return false;
                }

                var value = create();
                string? ignored = null;
                if (!BindObject(ref reader, nested, value, topLevel: false, ref ignored, ref nodes))
                {
                    return false;
                }

                ((Action<object, object>)field.Setter!)(instance, value);
                return true;
            }

            default:
                return false;
        }
    }

    /// <summary>Whether a JSON number is written as a whole number, <c>-?[0-9]+</c>, as the general reader requires.</summary>
    private static bool IsWholeNumber(ReadOnlySpan<byte> number)
    {
        var start = number.Length > 0 && number[0] == '-' ? 1 : 0;
        if (start == number.Length)
        {
            return false;
        }

        for (var i = start; i < number.Length; i++)
        {
            if (number[i] is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A subject timestamp: <c>yyyy-MM-dd</c> and <c>yyyy-MM-ddTHH:mm:ssZ</c> are read from the bytes; any other
    /// spelling goes through <see cref="Dates.TryParseSubjectTimestamp"/>, as in the general reader.</summary>
    private static bool TryTimestamp(ref Utf8JsonReader reader, out DateTimeOffset instant)
    {
        if (!reader.ValueIsEscaped && TryQuickTimestamp(reader.ValueSpan, out instant))
        {
            return true;
        }

        return Dates.TryParseSubjectTimestamp(reader.GetString()!, out instant);
    }

    internal static bool TryQuickTimestamp(ReadOnlySpan<byte> text, out DateTimeOffset instant)
    {
        instant = default;
        if (text.Length is not (10 or 20) || text[4] != '-' || text[7] != '-'
            || !Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        if (text.Length == 10)
        {
            instant = new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero);
            return true;
        }

        if (text[10] is not ((byte)'T' or (byte)'t') || text[13] != ':' || text[16] != ':' || text[19] is not ((byte)'Z' or (byte)'z')
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        instant = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, int start, int length, out int value)
    {
        value = 0;
        for (var i = start; i < start + length; i++)
        {
            var digit = text[i] - '0';
            if (digit is < 0 or > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }

    private enum BindingKind
    {
        Unsupported,
        String,
        Enum,
        Integer,
        Number,
        Boolean,
        Timestamp,
        StringMap,
        TextList,
        ObjectList,
        Object,
    }

    /// <summary>How to read the fields of one model.</summary>
    private sealed class ModelBinding
    {
        public ModelBinding(SubjectTypeModel model)
        {
            Create = model.Fields.Count <= 64 ? model.Constructor : null;
            Fields = model.Fields.Select(f => new FieldBinding(f)).ToArray();
        }

        public Func<object>? Create { get; }

        public FieldBinding[] Fields { get; }

        /// <summary>The field the reader's property name names (exactly, as the general reader matches), or -1. Fields
        /// usually come in the same order line after line, so the one after the previous field is tried first.</summary>
        public int IndexOf(ref Utf8JsonReader reader, int hint)
        {
            if (reader.ValueIsEscaped || reader.HasValueSequence)
            {
                for (var i = 0; i < Fields.Length; i++)
                {
                    if (reader.ValueTextEquals(Fields[i].Name))
                    {
                        return i;
                    }
                }

                return -1;
            }

            var name = reader.ValueSpan;
            if (hint < Fields.Length && name.SequenceEqual(Fields[hint].Name))
            {
                return hint;
            }

            for (var i = 0; i < Fields.Length; i++)
            {
                if (name.SequenceEqual(Fields[i].Name))
                {
                    return i;
                }
            }

            return -1;
        }
    }

    private sealed class FieldBinding
    {
        private readonly string[] _members = [];
        private readonly long[] _values = [];

        public FieldBinding(SubjectField field)
        {
            Name = Encoding.UTF8.GetBytes(field.Name);
            IsId = field.Name == "id";
            var property = field.Property;
            var type = property.PropertyType;
            var underlying = Nullable.GetUnderlyingType(type) ?? type;
            if (property.SetMethod is null)
            {
                return;
            }

            switch (field.Type)
            {
                case FieldType.String when underlying == typeof(string):
                    (Kind, Setter) = (BindingKind.String, field.SetterFor(typeof(string)));
                    break;
                case FieldType.Enum when Enum.GetUnderlyingType(underlying) != typeof(ulong):
                {
                    _members = [.. field.EnumMembers];
                    if (_members.Distinct(StringComparer.OrdinalIgnoreCase).Count() == _members.Length)
                    {
                        _values = _members.Select(m => Convert.ToInt64(Enum.Parse(underlying, m, ignoreCase: true),
                            System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                        (Kind, Setter) = (BindingKind.Enum, field.SetterFor(typeof(long)));
                    }

                    break;
                }

                case FieldType.Integer:
                    (Kind, Setter) = (BindingKind.Integer, field.SetterFor(typeof(long)));
                    break;
                case FieldType.Number when underlying != typeof(decimal):
                    (Kind, Setter) = (BindingKind.Number, field.SetterFor(typeof(double)));
                    break;
                case FieldType.Boolean:
                    (Kind, Setter) = (BindingKind.Boolean, field.SetterFor(typeof(bool)));
                    break;
                case FieldType.Timestamp:
                    (Kind, Setter) = (BindingKind.Timestamp, field.SetterFor(typeof(DateTimeOffset)));
                    break;
                case FieldType.StringMap when type.IsAssignableFrom(typeof(ReadOnlyDictionary<string, string>)):
                    (Kind, Setter) = (BindingKind.StringMap, field.SetterFor(typeof(object)));
                    break;
                case FieldType.List when field.ElementType == FieldType.String && type.IsAssignableFrom(typeof(string[])):
                    (Kind, Setter) = (BindingKind.TextList, field.SetterFor(typeof(object)));
                    break;
                case FieldType.List when field.ElementType == FieldType.Object && field.ElementModel is { } element
                    && type.IsAssignableFrom(element.ClrType.MakeArrayType()):
                    (Kind, Setter, Model, ElementClrType) = (BindingKind.ObjectList, field.SetterFor(typeof(object)), element, element.ClrType);
                    break;
                case FieldType.Object when field.ObjectModel is { } nested:
                    (Kind, Setter, Model) = (BindingKind.Object, field.SetterFor(typeof(object)), nested);
                    break;
            }
        }

        public byte[] Name { get; }

        public bool IsId { get; }

        public BindingKind Kind { get; }

        public Delegate? Setter { get; }

        public SubjectTypeModel? Model { get; }

        public Type? ElementClrType { get; }

        /// <summary>The enum member the reader's string names, ignoring case, as the general reader matches it.</summary>
        public long? MemberOf(ref Utf8JsonReader reader)
        {
            Span<char> buffer = stackalloc char[64];
            var length = reader.HasValueSequence ? 65 : reader.ValueSpan.Length;
            if (length > buffer.Length)
            {
                return null;
            }

            var written = reader.CopyString(buffer);
            var text = buffer[..written];
            for (var i = 0; i < _members.Length; i++)
            {
                if (text.Equals(_members[i], StringComparison.OrdinalIgnoreCase))
                {
                    return _values[i];
                }
            }

            return null;
        }
    }
}
