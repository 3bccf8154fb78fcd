using System.Text;
using System.Text.Json;
using Compliance.Evaluation;
using Compliance.Subjects;

namespace Compliance.Rules.Subjects;

/// <summary>Reads one line of JSON straight into a typed subject with <see cref="Utf8JsonReader"/>: no document, no
/// tree, no reflection. It only tokenizes: each value goes to its field's <see cref="FieldConverter"/>, the conversion every
/// reader shares, through the typed setters. It handles only subjects that bind cleanly; for anything else (an unknown or
/// repeated key at any level, a value of the wrong type, malformed JSON or text that is not valid UTF-16, nesting deeper
/// than the limit, more values than <see cref="SubjectReaderOptions.MaxNodes"/> or a list longer than
/// <see cref="SubjectReaderOptions.MaxListElements"/>, a kind it does not know) it declines, and the caller
/// reads the line the general way, which produces the same subject or explains what is wrong.</summary>
/// <remarks>Built once per registry; thread-safe.</remarks>
internal sealed class JsonLineBinder
{
    private readonly SubjectKindRegistry _kinds;
    private readonly (byte[] Name, SubjectKind Kind)[] _kindNames;
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
            if (FindKind(ref probe) is not { } kind || Creator(kind.Model) is not { } create)
            {
                return null;
            }

            var subject = create();
            string? id = null;
            var nodes = 1;
            if (!BindObject(ref reader, kind.Model, subject, topLevel: true, ref id, ref nodes) || reader.Read())
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

    /// <summary>Counts one more value of the subject (a map, list or single value, as the general reader counts them);
    /// false, to decline, once there are more than the limit, before reading further.</summary>
    private bool Count(ref int nodes) => ++nodes <= _maxNodes;

    /// <summary>How to make an instance of a model this reader binds: <see langword="null"/> (decline) when it has no
    /// parameterless constructor or more fields than the repeated-key check tracks.</summary>
    private static Func<object>? Creator(SubjectTypeModel model) => model.Fields.Count <= 64 ? model.Constructor : null;

    /// <summary>Reads the object the reader is on (at its start) into <paramref name="instance"/>; false to decline.</summary>
    private bool BindObject(ref Utf8JsonReader reader, SubjectTypeModel model, object instance, bool topLevel, ref string? id, ref int nodes)
    {
        var fields = model.Converters;
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

            var index = IndexOf(ref reader, model, hint);
            if (index < 0 || (seen & (1UL << index)) != 0)
            {
                return false;
            }

            hint = index + 1;

            seen |= 1UL << index;
            var field = fields[index];
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

    /// <summary>The field the reader's property name names (exactly, as the general reader matches), or -1.</summary>
    private static int IndexOf(ref Utf8JsonReader reader, SubjectTypeModel model, int hint)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return model.IndexOf(reader.ValueSpan, hint);
        }

        var fields = model.Converters;
        for (var i = 0; i < fields.Length; i++)
        {
            if (reader.ValueTextEquals(fields[i].Utf8Name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Hands the value the reader is on to the field's converter; false, to decline, for a token of another type or a
    /// value the converter refuses (the general reader then explains).</summary>
    private bool BindValue(ref Utf8JsonReader reader, FieldConverter field, object instance, bool isId, ref string? id, ref int nodes)
    {
        const ConversionFailure ok = ConversionFailure.None;
        switch (field.Type)
        {
            case FieldType.String when reader.TokenType == JsonTokenType.String:
            {
                var text = reader.GetString()!;
                if (isId)
                {
                    id = text;
                }

                return field.SetString(instance, text) == ok;
            }

            case FieldType.Enum when reader.TokenType == JsonTokenType.String:
            {
                Span<char> buffer = stackalloc char[64];
                var length = reader.HasValueSequence ? buffer.Length + 1 : reader.ValueSpan.Length;
                return length <= buffer.Length && field.SetMember(instance, buffer[..reader.CopyString(buffer)]) == ok;
            }

            case FieldType.Integer when reader.TokenType == JsonTokenType.Number:
                return ScalarSyntax.TryWhole(reader.ValueSpan, out var whole) && field.SetWhole(instance, whole) == ok;
            case FieldType.Number when reader.TokenType == JsonTokenType.Number:
                return ScalarSyntax.TryNumber(reader.ValueSpan, out var number) && field.SetNumber(instance, number) == ok;
            case FieldType.Boolean when reader.TokenType is JsonTokenType.True or JsonTokenType.False:
                return field.SetBoolean(instance, reader.TokenType == JsonTokenType.True) == ok;
            case FieldType.Timestamp when reader.TokenType == JsonTokenType.String:
            {
                var read = reader.ValueIsEscaped
                    ? ScalarSyntax.TryTimestamp(reader.GetString()!, out var instant)
                    : ScalarSyntax.TryTimestamp(reader.ValueSpan, out instant);
                return read && field.SetInstant(instance, instant) == ok;
            }

            case FieldType.StringMap when reader.TokenType == JsonTokenType.StartObject:
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

                return field.SetMap(instance, map) == ok;
            }

            case FieldType.List when field.ElementType == FieldType.String && reader.TokenType == JsonTokenType.StartArray:
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

                return field.SetList(instance, items.ToArray()) == ok;
            }

            case FieldType.List when field.ElementType == FieldType.Object && reader.TokenType == JsonTokenType.StartArray:
            {
                var element = field.Model!;
                var create = Creator(element);
                var items = new List<object>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    string? ignored = null;
                    // As for text lists: a full list declines at its next element.
                    if (items.Count == _maxListElements || reader.TokenType != JsonTokenType.StartObject || create is null
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

                var array = field.NewElements(items.Count);
                Array.Copy(items.ToArray(), array, items.Count);
                return field.SetList(instance, array) == ok;
            }

            case FieldType.Object when reader.TokenType == JsonTokenType.StartObject:
            {
                var nested = field.Model!;
                if (Creator(nested) is not { } create)
                {
                    return false;
                }

                var value = create();
                string? ignored = null;
                return BindObject(ref reader, nested, value, topLevel: false, ref ignored, ref nodes) && field.SetObject(instance, value) == ok;
            }

            default:
                return false;
        }
    }
}
