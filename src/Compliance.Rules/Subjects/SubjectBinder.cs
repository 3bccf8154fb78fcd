using Compliance.Evaluation;
using Compliance.Rules.Diagnostics;
using Compliance.Rules.Yaml;
using Compliance.Subjects;

namespace Compliance.Rules.Subjects;

/// <summary>Binds a parsed subject (a map with <c>kind</c>) to its typed CLR model, collecting every error instead of
/// stopping. It walks any tree a reader parsed (<see cref="ISubjectTree{TNode}"/>: YAML nodes, a JSON document) and sets
/// each field through its <see cref="FieldConverter"/>, the conversion every reader shares.</summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class SubjectBinder(SubjectKindRegistry kinds)
{
    public SubjectKindRegistry Kinds { get; } = kinds;

    /// <summary>Binds a subject read from YAML (or JSON read as YAML).</summary>
    public SubjectInput Bind(DataNode node, string source) => Bind(DataNodeTree.Instance, node, source);

    /// <summary>Binds a subject. Unknown keys, wrong types, unknown enum values and malformed timestamps become errors on the input.</summary>
    public SubjectInput Bind<TNode>(ISubjectTree<TNode> tree, TNode node, string source)
    {
        if (tree.ShapeOf(node) != NodeShape.Map)
        {
            return new SubjectInput { Source = source, Errors = [new SubjectError(null, $"a subject must be a map of fields, not {ShapeName(tree, node)}")] };
        }

        var id = tree.TryGet(node, "id", out var idNode) && tree.ShapeOf(idNode) == NodeShape.Scalar ? tree.Text(idNode) : null;
        if (!tree.TryGet(node, "kind", out var kindNode) || tree.ShapeOf(kindNode) != NodeShape.Scalar)
        {
            return new SubjectInput
            {
                Source = source,
                Id = id,
                Errors = [new SubjectError("kind", $"`kind` is required: one of {KindList()}")],
            };
        }

        var kindName = tree.Text(kindNode);
        var kind = Kinds.Find(kindName);
        if (kind is null)
        {
            var hint = Suggestions.DidYouMean(kindName, Kinds.Kinds.Select(k => k.Name));
            return new SubjectInput
            {
                Source = source,
                Id = id,
                Kind = kindName,
                Errors = [new SubjectError("kind", $"`{kindName}` is not a subject kind; the kinds are {KindList()}" + (hint is null ? string.Empty : $" ({hint})"))],
            };
        }

        var errors = new List<SubjectError>();
        var subject = BindObject(tree, node, kind.Model, string.Empty, errors, skip: "kind");
        return new SubjectInput
        {
            Subject = subject,
            Kind = kind.Name,
            Id = id,
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

    /// <summary>How the errors name a value's shape.</summary>
    internal static string ShapeName<TNode>(ISubjectTree<TNode> tree, TNode node) => tree.ShapeOf(node) switch
    {
        NodeShape.Map => "a map",
        NodeShape.List => "a list",
        NodeShape.Null => "null",
        _ => "a single value",
    };

    private string KindList() => string.Join(", ", Kinds.Kinds.Select(k => $"`{k.Name}`"));

    private static object? BindObject<TNode>(ISubjectTree<TNode> tree, TNode map, SubjectTypeModel model, string prefix, List<SubjectError> errors,
        string? skip = null)
    {
        if (model.Constructor is not { } create)
        {
            errors.Add(new SubjectError(prefix.Length == 0 ? null : prefix, $"`{model.ClrType.Name}` has no parameterless constructor"));
            return null;
        }

        var instance = create();
        foreach (var (name, value) in tree.Entries(map))
        {
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

            if (tree.ShapeOf(value) != NodeShape.Null)
            {
                Set(tree, value, field.Converter, instance, path, errors);
            }
        }

        return instance;
    }

    private static void Set<TNode>(ISubjectTree<TNode> tree, TNode node, FieldConverter field, object instance, string path, List<SubjectError> errors)
    {
        var shape = tree.ShapeOf(node);
        var expected = field.Type switch
        {
            FieldType.StringMap or FieldType.Object => NodeShape.Map,
            FieldType.List => NodeShape.List,
            _ => NodeShape.Scalar,
        };
        if (shape != expected)
        {
            errors.Add(new SubjectError(path, field.ExplainShape(path, ShapeName(tree, node))));
            return;
        }

        var failure = ConversionFailure.None;
        var text = string.Empty;
        switch (field.Type)
        {
            case FieldType.StringMap:
            {
                var dictionary = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (key, value) in tree.Entries(node))
                {
                    var entryShape = tree.ShapeOf(value);
                    if (entryShape == NodeShape.Scalar)
                    {
                        dictionary[key] = tree.Text(value);
                    }
                    else if (entryShape != NodeShape.Null)
                    {
                        var entryPath = $"{path}.{key}";
                        errors.Add(new SubjectError(entryPath, FieldConverter.ExplainMapEntry(entryPath, ShapeName(tree, value))));
                    }
                }

                failure = field.SetMap(instance, dictionary);
                break;
            }

            case FieldType.List:
                failure = field.SetList(instance, Elements(tree, node, field, path, errors));
                break;
            case FieldType.Object:
                if (BindObject(tree, node, field.Model!, path, errors) is { } nested)
                {
                    failure = field.SetObject(instance, nested);
                }

                break;
            default:
                text = tree.Text(node);
                failure = field.SetText(instance, text, tree.Quoted(node));
                break;
        }

        if (failure != ConversionFailure.None)
        {
            errors.Add(new SubjectError(path, field.Explain(failure, path, text)));
        }
    }

    private static Array Elements<TNode>(ISubjectTree<TNode> tree, TNode list, FieldConverter field, string path, List<SubjectError> errors)
    {
        var array = field.NewElements(tree.Count(list));
        var i = 0;
        foreach (var item in tree.Items(list))
        {
            var itemPath = $"{path}[{i}]";
            var shape = tree.ShapeOf(item);
            object? value = null;
            if (shape == NodeShape.Null)
            {
                errors.Add(new SubjectError(itemPath, FieldConverter.ExplainEmptyElement(itemPath)));
            }
            else if (field.ElementType == FieldType.Object)
            {
                value = shape == NodeShape.Map
                    ? BindObject(tree, item, field.Model!, itemPath, errors)
                    : Fail(itemPath, field.ExplainShape(itemPath, ShapeName(tree, item), element: true), errors);
            }
            else if (shape != NodeShape.Scalar)
            {
                Fail(itemPath, field.ExplainShape(itemPath, ShapeName(tree, item), element: true), errors);
            }
            else
            {
                var text = tree.Text(item);
                var failure = field.ReadElement(text, tree.Quoted(item), out value);
                if (failure != ConversionFailure.None)
                {
                    Fail(itemPath, field.Explain(failure, itemPath, text, element: true), errors);
                }
            }

            if (value is not null)
            {
                array.SetValue(value, i);
            }

            i++;
        }

        return array;
    }

    private static object? Fail(string path, string message, List<SubjectError> errors)
    {
        errors.Add(new SubjectError(path, message));
        return null;
    }
}
