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
/// <remarks>Built once per registry; thread-safe. Each thread binding lines keeps what it learns from line to line
/// (<see cref="ThreadState"/>: the strings of values that repeat, in a bounded <see cref="Utf8TextCache"/>), so that the
/// strings of a batch's few vendors, clouds and regions are made once, not once a line.</remarks>
internal sealed class JsonLineBinder
{
    private readonly (byte[] Name, SubjectKind Kind)[] _kindNames;
    private readonly JsonReaderOptions _options;
    private readonly int _maxNodes;
    private readonly int _maxListElements;
    private readonly ThreadLocal<ThreadState> _threads;

    public JsonLineBinder(SubjectKindRegistry kinds, int maxDepth, int maxNodes, int maxListElements)
    {
        _maxNodes = maxNodes;
        _maxListElements = maxListElements;
        _options = new JsonReaderOptions { MaxDepth = maxDepth };
        _kindNames = kinds.Kinds
            .Where(k => k.Model.Find("kind") is null)
            .Select(k => (Encoding.UTF8.GetBytes(k.Name), k))
            .ToArray();
        var kindCount = _kindNames.Length;
        _threads = new ThreadLocal<ThreadState>(() => new ThreadState(kindCount));
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
            if (FindKind(ref probe) is not (>= 0 and var k) || Creator(_kindNames[k].Kind.Model) is not { } create)
            {
                return null;
            }

            var kind = _kindNames[k].Kind;
            var state = _threads.Value!;
            state.StartLine();
            var plan = state.Kinds[k] ??= state.PlanFor(kind.Model);
            var subject = create();
            string? id = null;
            var nodes = 1;
            if (!BindObject(ref reader, plan, subject, topLevel: true, ref id, ref nodes, state) || reader.Read())
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

    /// <summary>The subject's kind (its index in <see cref="_kindNames"/>), from the first <c>kind</c> entry of the object the
    /// reader is on; -1 for none.</summary>
    private int FindKind(ref Utf8JsonReader reader)
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
                return -1;
            }

            for (var k = 0; k < _kindNames.Length; k++)
            {
                if (reader.ValueTextEquals(_kindNames[k].Name))
                {
                    return k;
                }
            }

            return -1;
        }

        return -1;
    }

    /// <summary>Counts one more value of the subject (a map, list or single value, as the general reader counts them);
    /// false, to decline, once there are more than the limit, before reading further.</summary>
    private bool Count(ref int nodes) => ++nodes <= _maxNodes;

    /// <summary>How to make an instance of a model this reader binds: <see langword="null"/> (decline) when it has no
    /// parameterless constructor or more fields than the repeated-key check tracks.</summary>
    private static Func<object>? Creator(SubjectTypeModel model) => model.Fields.Count <= 64 ? model.Constructor : null;

    /// <summary>Reads the object the reader is on (at its start) into <paramref name="instance"/>; false to decline.</summary>
    private bool BindObject(ref Utf8JsonReader reader, ModelPlan plan, object instance, bool topLevel, ref string? id, ref int nodes,
        ThreadState state)
    {
        var model = plan.Model;
        var fields = plan.Fields;
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

            if (!BindValue(ref reader, plan, index, instance, isId, ref id, ref nodes, state))
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
    private bool BindValue(ref Utf8JsonReader reader, ModelPlan plan, int index, object instance, bool isId, ref string? id, ref int nodes,
        ThreadState state)
    {
        const ConversionFailure ok = ConversionFailure.None;
        var field = plan.Fields[index];
        var texts = state.Texts;
        switch (field.Type)
        {
            case FieldType.String when reader.TokenType == JsonTokenType.String:
            {
                var text = texts.Text(ref reader, ref plan.Values[index]);
                if (isId)
                {
                    id = text;
                }

                return field.SetString(instance, text) == ok;
            }

            case FieldType.Enum when reader.TokenType == JsonTokenType.String:
            {
                // A member's name is usually ASCII, read from the bytes; anything else is read as characters.
                if (!reader.ValueIsEscaped && !reader.HasValueSequence && field.TrySetMember(instance, reader.ValueSpan, out var set))
                {
                    return set == ok;
                }

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
                    var key = texts.Text(ref reader, ref plan.Keys[index]);
                    // A repeated key is a duplicate, which the general reader refuses. A null value is left to the general
                    // reader too, so that every key read here is in the map and a repeat of it is seen.
                    if (map.ContainsKey(key) || !reader.Read() || reader.TokenType != JsonTokenType.String || !Count(ref nodes))
                    {
                        return false;
                    }

                    map[key] = texts.Text(ref reader, ref plan.Values[index]);
                }

                return field.SetMap(instance, map) == ok;
            }

            case FieldType.List when field.ElementType == FieldType.String && reader.TokenType == JsonTokenType.StartArray:
            {
                // Lists of text hold no lists, so one buffer serves them all.
                var items = state.TextElements;
                items.Clear();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    // A full list declines at its next element, before counting it; the general reader says which limit.
                    if (items.Count == _maxListElements || reader.TokenType != JsonTokenType.String || !Count(ref nodes))
                    {
                        return false;
                    }

                    items.Add(texts.Text(ref reader, ref plan.Values[index]));
                }

                return field.SetList(instance, items.ToArray()) == ok;
            }

            case FieldType.List when field.ElementType == FieldType.Object && reader.TokenType == JsonTokenType.StartArray:
            {
                var element = plan.Nested[index] ??= state.PlanFor(field.Model!);
                var create = Creator(element.Model);

                // This list's elements go on the end of the thread's buffer, after those of the lists it is inside, and the
                // lists inside its elements put theirs after and take them off again.
                var items = state.Elements;
                var start = items.Count;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    string? ignored = null;
                    // As for text lists: a full list declines at its next element.
                    if (items.Count - start == _maxListElements || reader.TokenType != JsonTokenType.StartObject || create is null
                        || !Count(ref nodes))
                    {
                        return false;
                    }

                    var item = create();
                    if (!BindObject(ref reader, element, item, topLevel: false, ref ignored, ref nodes, state))
                    {
                        return false;
                    }

                    items.Add(item);
                }

                var array = field.NewElements(items.Count - start);
                for (var i = 0; i < array.Length; i++)
                {
                    array.SetValue(items[start + i], i);
                }

                items.RemoveRange(start, array.Length);
                return field.SetList(instance, array) == ok;
            }

            case FieldType.Object when reader.TokenType == JsonTokenType.StartObject:
            {
                var nested = plan.Nested[index] ??= state.PlanFor(field.Model!);
                if (Creator(nested.Model) is not { } create)
                {
                    return false;
                }

                var value = create();
                string? ignored = null;
                return BindObject(ref reader, nested, value, topLevel: false, ref ignored, ref nodes, state) && field.SetObject(instance, value) == ok;
            }

            default:
                return false;
        }
    }

    /// <summary>What one thread's binding keeps from line to line: the strings of recent values and, per model, which fields'
    /// values repeat. Never shared between threads, so never written by two cores.</summary>
    private sealed class ThreadState(int kinds)
    {
        private readonly Dictionary<SubjectTypeModel, ModelPlan> _plans = [];

        /// <summary>The most elements the list buffers keep room for from one line to the next; a longer list's room is
        /// given back, so that one hostile line does not hold memory.</summary>
        private const int KeptElements = 1024;

        public Utf8TextCache Texts { get; } = new();

        /// <summary>The elements of the lists of objects being read, the innermost list's last: nested lists share it, each
        /// taking its own off the end when it is done, so that a line's lists allocate only their arrays.</summary>
        public List<object> Elements { get; private set; } = [];

        /// <summary>The elements of the list of text being read.</summary>
        public List<string> TextElements { get; private set; } = [];

        /// <summary>Readies the buffers for a line: emptied (a declined line leaves its elements behind), and made anew
        /// when a long list grew them past <see cref="KeptElements"/>.</summary>
        public void StartLine()
        {
            if (Elements.Capacity > KeptElements)
            {
                Elements = [];
            }

            if (TextElements.Capacity > KeptElements)
            {
                TextElements = [];
            }

            Elements.Clear();
            TextElements.Clear();
        }

        /// <summary>The plan of each of the binder's kinds (by index in its kind names), made on first use.</summary>
        public ModelPlan?[] Kinds { get; } = new ModelPlan?[kinds];

        /// <summary>The one plan of a model on this thread (a model nested in itself gets its own plan back).</summary>
        public ModelPlan PlanFor(SubjectTypeModel model)
        {
            if (!_plans.TryGetValue(model, out var plan))
            {
                plan = new ModelPlan(model);
                _plans[model] = plan;
            }

            return plan;
        }
    }

    /// <summary>One model as one thread binds it: its converters, and per field the trial that decides whether its values
    /// are looked up in the thread's <see cref="Utf8TextCache"/>.</summary>
    private sealed class ModelPlan
    {
        public ModelPlan(SubjectTypeModel model)
        {
            Model = model;
            Fields = model.Converters;
            Values = new RepeatTrial[Fields.Length];
            Keys = new RepeatTrial[Fields.Length];
            Nested = new ModelPlan?[Fields.Length];
        }

        public SubjectTypeModel Model { get; }

        public FieldConverter[] Fields { get; }

        /// <summary>Per field, the trial of its text values: the field's own, a list's elements, a map's values.</summary>
        public RepeatTrial[] Values { get; }

        /// <summary>Per field, the trial of a map's keys.</summary>
        public RepeatTrial[] Keys { get; }

        /// <summary>Per field, the plan of a nested object's or a list element's model, filled on first use.</summary>
        public ModelPlan?[] Nested { get; }
    }
}
