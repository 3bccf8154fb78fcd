using System.Collections;
using System.Collections.ObjectModel;
using System.Globalization;
using Compliance.Evaluation;
using Compliance.Rules.Compilation;
using Compliance.Rules.Diagnostics;
using Compliance.Rules.Yaml;
using Compliance.Subjects;

namespace Compliance.Rules.Subjects;

/// <summary>Binds a parsed subject (a map with <c>kind</c>) to its typed CLR model, collecting every error instead of stopping.</summary>
internal sealed class SubjectBinder(SubjectKindRegistry kinds)
{
    public SubjectKindRegistry Kinds { get; } = kinds;

    /// <summary>Binds a subject. Unknown keys, wrong types, unknown enum values and malformed timestamps become errors on the input.</summary>
    public SubjectInput Bind(DataNode node, string source)
    {
        var errors = new List<SubjectError>();
        if (node is not MapNode map)
        {
            return new SubjectInput { Source = source, Errors = [new SubjectError(null, $"a subject must be a map of fields, not {node.ShapeName}")] };
        }

        var kindNode = map.Get("kind");
        if (kindNode is not ScalarNode { IsNull: false } kindScalar)
        {
            return new SubjectInput
            {
                Source = source,
                Id = IdOf(map),
                Errors = [new SubjectError("kind", $"`kind` is required: one of {KindList()}")],
            };
        }

        var kind = Kinds.Find(kindScalar.Value!);
        if (kind is null)
        {
            var hint = Suggestions.DidYouMean(kindScalar.Value!, Kinds.Kinds.Select(k => k.Name));
            return new SubjectInput
            {
                Source = source,
                Id = IdOf(map),
                Kind = kindScalar.Value,
                Errors = [new SubjectError("kind", $"`{kindScalar.Value}` is not a subject kind; the kinds are {KindList()}" + (hint is null ? string.Empty : $" ({hint})"))],
            };
        }

        var subject = BindObject(map, kind.Model, string.Empty, errors, skip: "kind");
        return new SubjectInput
        {
            Subject = subject,
            Kind = kind.Name,
            Id = IdOf(map),
            Source = source,
            Errors = errors,
        };
    }

    /// <summary>Lists the unknown keys of a subject map (used to report typos in tests documents as load errors).</summary>
    public IEnumerable<(ScalarNode Key, string? Hint)> UnknownKeys(MapNode map, SubjectTypeModel model)
    {
        foreach (var (key, value) in map.Entries)
        {
            if (key.Value == "kind" && model.Find("kind") is null)
            {
                continue;
            }

            var field = model.Find(key.Value!);
            if (field is null)
            {
                yield return (key, Suggestions.DidYouMean(key.Value!, model.Fields.Select(f => f.Name)));
                continue;
            }

            var elementModel = field.Type == FieldType.Object ? field.ObjectModel : field.ElementType == FieldType.Object ? field.ElementModel : null;
            if (elementModel is null)
            {
                continue;
            }

            var maps = value switch
            {
                MapNode m => [m],
                ListNode l => l.Items.OfType<MapNode>(),
                _ => [],
            };
            foreach (var inner in maps)
            {
                foreach (var unknown in UnknownKeys(inner, elementModel))
                {
                    yield return unknown;
                }
            }
        }
    }

    private string KindList() => string.Join(", ", Kinds.Kinds.Select(k => $"`{k.Name}`"));

    private static string? IdOf(MapNode map) => map.Get("id") is ScalarNode { IsNull: false } id ? id.Value : null;

    private object BindObject(MapNode map, SubjectTypeModel model, string prefix, List<SubjectError> errors, string? skip = null)
    {
        object instance;
        try
        {
            instance = Activator.CreateInstance(model.ClrType)!;
        }
        catch (MissingMethodException)
        {
            errors.Add(new SubjectError(prefix.Length == 0 ? null : prefix, $"`{model.ClrType.Name}` has no parameterless constructor"));
            return null!;
        }

        foreach (var (key, value) in map.Entries)
        {
            var name = key.Value!;
            if (name == skip && model.Find(name) is null)
            {
                continue;
            }

            var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            var field = model.Find(name);
            if (field is null)
            {
                var hint = Suggestions.DidYouMean(name, model.Fields.Select(f => f.Name));
                errors.Add(new SubjectError(path, $"unknown field `{path}`" + (hint is null ? string.Empty : $" ({hint})")));
                continue;
            }

            if (value is ScalarNode { IsNull: true })
            {
                continue;
            }

            var converted = Convert(value, field.Type, field.ElementType, field, field.Property.PropertyType, path, errors);
            if (converted is not null)
            {
                field.Property.SetValue(instance, converted);
            }
        }

        return instance;
    }

    private object? Convert(DataNode node, FieldType type, FieldType? elementType, SubjectField field, Type clrType, string path, List<SubjectError> errors)
    {
        var target = Nullable.GetUnderlyingType(clrType) ?? clrType;
        switch (type)
        {
            case FieldType.StringMap:
            {
                if (node is not MapNode map)
                {
                    errors.Add(new SubjectError(path, $"`{path}` must be a map of names to text, not {node.ShapeName}"));
                    return null;
                }

                var dictionary = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (key, value) in map.Entries)
                {
                    if (value is ScalarNode { IsNull: false } entry)
                    {
                        dictionary[key.Value!] = entry.Value!;
                    }
                    else if (value is not ScalarNode)
                    {
                        errors.Add(new SubjectError($"{path}.{key.Value}", $"`{path}.{key.Value}` must be text, not {value.ShapeName}"));
                    }
                }

                return new ReadOnlyDictionary<string, string>(dictionary);
            }

            case FieldType.List:
            {
                if (node is not ListNode list)
                {
                    errors.Add(new SubjectError(path, $"`{path}` must be a list, not {node.ShapeName}"));
                    return null;
                }

                var elementClr = SubjectTypeModel.ListElementType(target)!;
                var array = Array.CreateInstance(elementClr, list.Items.Count);
                for (var i = 0; i < list.Items.Count; i++)
                {
                    var itemPath = $"{path}[{i}]";
                    var item = list.Items[i];
                    if (item is ScalarNode { IsNull: true })
                    {
                        errors.Add(new SubjectError(itemPath, $"`{itemPath}` is empty"));
                        continue;
                    }

                    var value = elementType == FieldType.Object
                        ? item is MapNode m ? BindObject(m, field.ElementModel!, itemPath, errors) : Fail(itemPath, $"`{itemPath}` must be a map of fields, not {item.ShapeName}", errors)
                        : Convert(item, elementType!.Value, null, field, elementClr, itemPath, errors);
                    if (value is not null)
                    {
                        array.SetValue(value, i);
                    }
                }

                if (target.IsAssignableFrom(array.GetType()))
                {
                    return array;
                }

                var listType = typeof(List<>).MakeGenericType(elementClr);
                var typed = (IList)Activator.CreateInstance(listType)!;
                foreach (var item in array)
                {
                    typed.Add(item);
                }

                return target.IsAssignableFrom(listType) ? typed : Fail(path, $"`{path}` cannot be stored", errors);
            }

            case FieldType.Object:
                return node is MapNode objectMap
                    ? BindObject(objectMap, field.ObjectModel!, path, errors)
                    : Fail(path, $"`{path}` must be a map of fields, not {node.ShapeName}", errors);
        }

        if (node is not ScalarNode { IsNull: false } scalar)
        {
            return Fail(path, $"`{path}` must be a single value, not {node.ShapeName}", errors);
        }

        var text = scalar.Value!;
        switch (type)
        {
            case FieldType.String:
                return text;
            case FieldType.Enum:
            {
                var members = SubjectTypeModel.EnumNames(target);
                var match = members.FirstOrDefault(m => string.Equals(m, text, StringComparison.OrdinalIgnoreCase));
                return match is null
                    ? Fail(path, $"`{text}` is not a value of `{path}`; the values are {string.Join(", ", members.Select(m => $"`{m}`"))}", errors)
                    : Enum.Parse(target, match, ignoreCase: true);
            }

            case FieldType.Integer:
                if (!scalar.Quoted && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
                {
                    try
                    {
                        return System.Convert.ChangeType(whole, target, CultureInfo.InvariantCulture);
                    }
                    catch (OverflowException)
                    {
                        return Fail(path, $"`{path}` is out of range: `{text}`", errors);
                    }
                }

                return Fail(path, $"`{path}` must be a whole number, not `{text}`", errors);
            case FieldType.Number:
                if (!scalar.Quoted && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
                {
                    try
                    {
                        return System.Convert.ChangeType(number, target, CultureInfo.InvariantCulture);
                    }
                    catch (OverflowException)
                    {
                        // A decimal field cannot hold every double.
                        return Fail(path, $"`{path}` is out of range: `{text}`", errors);
                    }
                }

                return Fail(path, $"`{path}` must be a number, not `{text}`", errors);
            case FieldType.Boolean:
                if (!scalar.Quoted && bool.TryParse(text, out var flag))
                {
                    return flag;
                }

                return Fail(path, $"`{path}` must be `true` or `false`, not `{text}`", errors);
            case FieldType.Timestamp:
                if (Dates.TryParseSubjectTimestamp(text, out var instant))
                {
                    return target == typeof(DateTimeOffset) ? instant
                        : target == typeof(DateTime) ? instant.UtcDateTime
                        : DateOnly.FromDateTime(instant.UtcDateTime);
                }

                return Fail(path, $"`{path}` must be an RFC 3339 timestamp such as `2026-03-01T12:00:00Z` or a date such as `2026-03-01`, not `{text}`", errors);
            default:
                return Fail(path, $"`{path}` cannot be read", errors);
        }
    }

    private static object? Fail(string path, string message, List<SubjectError> errors)
    {
        errors.Add(new SubjectError(path, message));
        return null;
    }
}
