using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Compliance.Conditions;
using Compliance.Rules.Compilation;
using Compliance.Rules.Documents;
using Compliance.Subjects;
using Compliance.Verdicts;

namespace Compliance.Rules.Schema;

/// <summary>The JSON Schema (draft 2020-12) of rule, waiver and tests documents, generated from the subject kinds so that
/// editors complete and check every path, operator and enum value as rule files are typed.</summary>
/// <remarks>Conditions are keyed by path: each kind's fields (and <c>tags.*</c> for its maps) with the operators that fit
/// the field's type, the combinators <c>all</c>, <c>any</c>, <c>not</c> and <c>expression</c>, and <c>some</c>/<c>every</c>/<c>none</c>
/// on lists. Enum values match in any case, as in the engine. The schema checks what one file can show; references
/// between files (waivers and <c>supersedes</c> naming clauses), regex syntax and expressions are checked when the rules
/// load. Deterministic; thread-safe.</remarks>
public static class RuleSchema
{
    /// <summary>The JSON Schema dialect written.</summary>
    public const string Dialect = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>The schema as indented JSON, ending with a newline.</summary>
    /// <param name="kinds">The subject kinds whose paths conditions may use; <see langword="null"/> for <see cref="SubjectKindRegistry.Default"/>.
    /// Pass a registry with custom kinds to have editors check rules written for them.</param>
    public static string Generate(SubjectKindRegistry? kinds = null)
    {
        var schema = new Builder(kinds ?? SubjectKindRegistry.Default).Build();
        return schema.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }) + "\n";
    }

    private sealed class Builder(SubjectKindRegistry kinds)
    {
        private const string QualifiedIdPattern = "^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$";
        private const string TermPattern = "^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)?$";
        private const string TermReferencePattern = "^\\$[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)?$";


        private readonly SortedDictionary<string, JsonNode> _defs = new(StringComparer.Ordinal);
        private readonly Queue<(SubjectTypeModel Model, bool Subject)> _pending = new();
        private readonly HashSet<string> _queued = new(StringComparer.Ordinal);

        public JsonObject Build()
        {
            _defs["id"] = new JsonObject
            {
                ["description"] = "Lowercase letters, digits and dashes, starting with a letter or digit.",
                ["type"] = "string",
                ["pattern"] = DocumentValidators.IdPattern,
            };
            _defs["text"] = new JsonObject { ["type"] = Types("string", "number", "boolean") };
            _defs["date"] = new JsonObject { ["description"] = "A date such as 2026-03-01.", ["type"] = "string", ["pattern"] = Dates.DateRegex };
            _defs["contract"] = Map(DocumentGrammar.Contract);
            _defs["clause"] = Clause();
            _defs["exception"] = Map(DocumentGrammar.Exception);
            var waiver = Map(DocumentGrammar.Waiver);
            waiver["oneOf"] = Array(Required("expires"), Required("through"));
            _defs["waiver"] = waiver;
            var definition = Map(DocumentGrammar.Definition);
            definition["oneOf"] = Array(Required("values"), Required("condition"));
            _defs["definition"] = definition;
            _defs["termReference"] = new JsonObject
            {
                ["description"] = "A defined list of values: $term for the contract's own, $contract/term for another contract's. A literal value that begins with $ is written $$.",
                ["type"] = "string",
                ["pattern"] = TermReferencePattern,
            };
            _defs["test"] = Map(DocumentGrammar.Test);
            _defs["subject"] = TestSubject();
            foreach (var kind in kinds.Kinds)
            {
                _defs[$"{kind.Name}.condition"] = Condition(kind.Model, topLevel: true);
                _defs[$"{kind.Name}.subject"] = Subject(kind.Model, kind.Name);
            }

            while (_pending.Count > 0)
            {
                var (model, subject) = _pending.Dequeue();
                var name = ModelName(model);
                if (subject)
                {
                    _defs[$"{name}.fields"] = Subject(model, kind: null);
                }
                else
                {
                    _defs[$"{name}.elementCondition"] = Condition(model, topLevel: false);
                }
            }

            var defs = new JsonObject();
            foreach (var (name, node) in _defs)
            {
                defs[name] = node;
            }

            var root = DocumentGrammar.Root;
            return new JsonObject
            {
                ["$schema"] = Dialect,
                ["title"] = $"Compliance rule, waiver and tests documents ({DocumentParser.ApiVersion})",
                ["description"] = root.Description,
                ["type"] = "object",
                ["required"] = Array(root.Required.Select(k => k.Name).ToArray()),
                ["properties"] = Properties(root),
                ["additionalProperties"] = false,
                ["oneOf"] = Array(DocumentGrammar.DocumentKinds.Select(k => (JsonNode)Required(k)).ToArray()),
                ["dependentRequired"] = new JsonObject { ["contract"] = Array("clauses"), ["clauses"] = Array("contract"), ["definitions"] = Array("contract") },
                ["$defs"] = defs,
            };
        }

        /// <summary>A map of the document grammar: its keys, the required ones, and no others.</summary>
        private JsonObject Map(DocumentMap map)
        {
            var schema = new JsonObject { ["description"] = map.Description, ["type"] = "object" };
            if (map.Required.Count > 0)
            {
                schema["required"] = Array(map.Required.Select(k => k.Name).ToArray());
            }

            if (map.AtLeastOneKey)
            {
                schema["minProperties"] = 1;
            }

            schema["properties"] = Properties(map);
            if (map.Keys.Any(k => k.Name == "until") && map.Keys.Any(k => k.Name == "through"))
            {
                schema["not"] = new JsonObject { ["required"] = Array("until", "through") };
            }

            schema["additionalProperties"] = false;
            return schema;
        }

        private JsonObject Properties(DocumentMap map)
        {
            var properties = new JsonObject();
            foreach (var key in map.Keys)
            {
                properties[key.Name] = key.Description is { } description ? Described(Key(key), description) : Key(key);
            }

            return properties;
        }

        /// <summary>What one key of the grammar holds; the per-kind conditions are added by <see cref="Clause"/>.</summary>
        private JsonNode Key(DocumentKey key) => key.Type switch
        {
            KeyType.Version => new JsonObject { ["const"] = DocumentParser.ApiVersion },
            KeyType.Id => Ref("id"),
            KeyType.WaiverId => new JsonObject { ["type"] = "string", ["pattern"] = DocumentValidators.WaiverIdPattern },
            KeyType.QualifiedId => new JsonObject { ["type"] = "string", ["pattern"] = QualifiedIdPattern },
            KeyType.Text => Ref("text"),
            KeyType.Texts => OneOrMany(Ref("text")),
            KeyType.Values => new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = Ref("text") },
            KeyType.ClauseIds => OneOrMany(new JsonObject { ["type"] = "string" }),
            KeyType.Date => Ref("date"),
            KeyType.Kind => new JsonObject { ["enum"] = Array(kinds.Kinds.Select(k => k.Name).ToArray()) },
            KeyType.Word => new JsonObject { ["enum"] = Array(key.Words!.ToArray()) },
            KeyType.Condition => new JsonObject { ["type"] = "object" },
            KeyType.AnyKindCondition => new JsonObject { ["anyOf"] = Array(kinds.Kinds.Select(k => (JsonNode)Ref($"{k.Name}.condition")).ToArray()) },
            KeyType.WaiverCondition => new JsonObject
            {
                ["anyOf"] = Array(kinds.Kinds.Select(k => (JsonNode)Ref($"{k.Name}.condition"))
                    .Prepend(new JsonObject { ["description"] = "Every subject the clause applies to.", ["type"] = "object", ["maxProperties"] = 0 })
                    .ToArray()),
            },
            KeyType.Map => key.Map!.Inline ? Map(key.Map) : Ref(key.Map.Name),
            KeyType.List => new JsonObject { ["type"] = "array", ["items"] = Ref(key.Map!.Name) },
            KeyType.Subject => Ref("subject"),
            KeyType.Outcome => new JsonObject { ["enum"] = Array(Enum.GetValues<Outcome>().Select(VerdictNames.Name).ToArray()) },
            KeyType.Statuses => new JsonObject
            {
                ["type"] = "object",
                ["propertyNames"] = new JsonObject { ["pattern"] = QualifiedIdPattern },
                ["additionalProperties"] = new JsonObject { ["enum"] = Array(Enum.GetValues<ClauseStatus>().Select(VerdictNames.Name).ToArray()) },
            },
            _ => throw new ArgumentOutOfRangeException(nameof(key), key.Type, "not a key type"),
        };

        private JsonObject Clause()
        {
            var conditionByKind = new JsonArray();
            foreach (var kind in kinds.Kinds)
            {
                var condition = Ref($"{kind.Name}.condition");
                conditionByKind.Add(new JsonObject
                {
                    ["if"] = new JsonObject { ["properties"] = new JsonObject { ["appliesTo"] = new JsonObject { ["const"] = kind.Name } }, ["required"] = Array("appliesTo") },
                    ["then"] = new JsonObject
                    {
                        ["properties"] = Conditions(DocumentGrammar.Clause, condition),
                    },
                });
            }

            var clause = Map(DocumentGrammar.Clause);
            clause["oneOf"] = Array(Required("require"), Required("forbid"));
            clause["allOf"] = conditionByKind;
            return clause;
        }

        /// <summary>The keys of a map (and of the lists of maps it holds) that are conditions on the clause's kind, each as that kind's condition.</summary>
        private static JsonObject Conditions(DocumentMap map, JsonObject condition)
        {
            var properties = new JsonObject();
            foreach (var key in map.Keys)
            {
                if (key.Type == KeyType.Condition)
                {
                    properties[key.Name] = condition.DeepClone();
                }
                else if (key.Type == KeyType.List && key.Map!.Keys.Any(k => k.Type == KeyType.Condition))
                {
                    properties[key.Name] = new JsonObject { ["items"] = new JsonObject { ["properties"] = Conditions(key.Map, condition) } };
                }
            }

            return properties;
        }

        private JsonObject TestSubject()
        {
            var byKind = new JsonArray();
            foreach (var kind in kinds.Kinds)
            {
                byKind.Add(new JsonObject
                {
                    ["if"] = new JsonObject { ["properties"] = new JsonObject { ["kind"] = new JsonObject { ["const"] = kind.Name } }, ["required"] = Array("kind") },
                    ["then"] = Ref($"{kind.Name}.subject"),
                });
            }

            return new JsonObject
            {
                ["description"] = "The subject to judge: its kind and fields.",
                ["type"] = "object",
                ["required"] = Array("kind"),
                ["properties"] = new JsonObject { ["kind"] = new JsonObject { ["enum"] = Array(kinds.Kinds.Select(k => k.Name).ToArray()) } },
                ["allOf"] = byKind,
            };
        }

        /// <summary>The fields of a subject (with <c>kind</c> for a registered kind, without it for a list element or nested object).</summary>
        private JsonObject Subject(SubjectTypeModel model, string? kind)
        {
            var properties = new JsonObject();
            if (kind is not null && model.Find("kind") is null)
            {
                properties["kind"] = new JsonObject { ["const"] = kind };
            }

            foreach (var field in model.Fields)
            {
                properties[field.Name] = Described(SubjectValue(field), $"{TypeName(field.Type, field.ElementType, field.EnumMembers)}.");
            }

            return new JsonObject
            {
                ["type"] = "object",
                ["properties"] = properties,
                ["additionalProperties"] = false,
            };
        }

        private JsonObject SubjectValue(SubjectField field)
        {
            JsonObject Nullable(JsonNode schema) => new() { ["anyOf"] = Array(schema, new JsonObject { ["type"] = "null" }) };
            switch (field.Type)
            {
                case FieldType.StringMap:
                    return new JsonObject { ["type"] = Types("object", "null"), ["additionalProperties"] = new JsonObject { ["type"] = Types("string", "number", "boolean", "null") } };
                case FieldType.List when field.ElementType == FieldType.Object:
                    return new JsonObject { ["type"] = Types("array", "null"), ["items"] = Ref($"{Queue(field.ElementModel!, subject: true)}.fields") };
                case FieldType.List:
                    return new JsonObject { ["type"] = Types("array", "null"), ["items"] = Ref(Scalar(field.ElementType!.Value, field.EnumMembers, EnumType(field))) };
                case FieldType.Object:
                    return Nullable(Ref($"{Queue(field.ObjectModel!, subject: true)}.fields"));
                default:
                    return Nullable(Ref(Scalar(field.Type, field.EnumMembers, EnumType(field))));
            }
        }

        /// <summary>A condition on a model: its paths (nested objects' paths dotted, maps' keys as <c>map.*</c>) and the combinators.</summary>
        private JsonObject Condition(SubjectTypeModel model, bool topLevel)
        {
            var self = topLevel ? $"{kinds.Find(model.ClrType)!.Name}.condition" : $"{ModelName(model)}.elementCondition";
            var properties = new JsonObject
            {
                ["all"] = new JsonObject { ["description"] = "Every condition holds.", ["type"] = "array", ["minItems"] = 1, ["items"] = Ref(self) },
                ["any"] = new JsonObject { ["description"] = "At least one condition holds.", ["type"] = "array", ["minItems"] = 1, ["items"] = Ref(self) },
                ["not"] = Described(Ref(self), "The condition does not hold."),
                ["is"] = new JsonObject
                {
                    ["description"] = "A defined condition holds: term for the contract's own, contract/term for another contract's.",
                    ["type"] = "string",
                    ["pattern"] = TermPattern,
                },
            };
            if (topLevel)
            {
                properties["expression"] = new JsonObject
                {
                    ["description"] = "A C# expression over `subject` (members by their C# names), compiled by Microsoft.RulesEngine.",
                    ["type"] = "string",
                };
            }

            var patterns = new JsonObject();
            AddPaths(model, string.Empty, properties, patterns, []);
            var condition = new JsonObject
            {
                ["type"] = "object",
                ["minProperties"] = 1,
                ["properties"] = properties,
            };
            if (patterns.Count > 0)
            {
                condition["patternProperties"] = patterns;
            }

            condition["additionalProperties"] = false;
            return condition;
        }

        private void AddPaths(SubjectTypeModel model, string prefix, JsonObject properties, JsonObject patterns, HashSet<Type> visiting)
        {
            if (!visiting.Add(model.ClrType))
            {
                return;
            }

            foreach (var field in model.Fields)
            {
                var path = prefix + field.Name;
                properties[path] = Described(PathValue(field), $"{TypeName(field.Type, field.ElementType, field.EnumMembers)}. {Usage(field)}");
                if (field.Type == FieldType.StringMap)
                {
                    patterns["^" + System.Text.RegularExpressions.Regex.Escape(path + ".") + ".+$"] = Described(Ref("value.text"), $"The value of one key of `{path}`, as text.");
                    _defs.TryAdd("value.text", Value(FieldType.String, [], null));
                }
                else if (field.Type == FieldType.Object)
                {
                    AddPaths(field.ObjectModel!, path + ".", properties, patterns, visiting);
                }
            }

            visiting.Remove(model.ClrType);
        }

        /// <summary>What a path may be compared with, by its type.</summary>
        private JsonNode PathValue(SubjectField field)
        {
            switch (field.Type)
            {
                case FieldType.StringMap:
                case FieldType.Object:
                    return Operators(field.Type, null, [], null, null);
                case FieldType.List:
                {
                    var name = field.ElementType == FieldType.Object
                        ? $"list.{ModelName(field.ElementModel!)}"
                        : $"list.{ScalarName(field.ElementType!.Value, EnumType(field))}";
                    if (!_defs.ContainsKey(name))
                    {
                        _defs[name] = Operators(FieldType.List, field.ElementType, field.EnumMembers, EnumType(field), field.ElementModel);
                    }

                    return Ref(name);
                }

                default:
                {
                    var name = $"value.{ScalarName(field.Type, EnumType(field))}";
                    _defs.TryAdd(name, Value(field.Type, field.EnumMembers, EnumType(field)));
                    return Ref(name);
                }
            }
        }

        /// <summary>A value for a path of a scalar type: a value (<c>equals</c>), a list (<c>in</c>) or a map of operators.</summary>
        private JsonObject Value(FieldType type, IReadOnlyList<string> members, Type? enumType)
        {
            var scalar = Ref(Scalar(type, members, enumType));
            return new JsonObject
            {
                ["anyOf"] = Array(
                    scalar,
                    new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = scalar.DeepClone() },
                    Ref("termReference"),
                    Operators(type, null, members, enumType, null)),
            };
        }

        /// <summary>The map of operators that fit a type; on lists also <c>some</c>, <c>every</c> and <c>none</c>.</summary>
        private JsonObject Operators(FieldType type, FieldType? elementType, IReadOnlyList<string> members, Type? enumType, SubjectTypeModel? elementModel)
        {
            var properties = new JsonObject();
            var scalarType = type == FieldType.List ? elementType!.Value : type;
            foreach (var op in Enum.GetValues<Operator>().Where(o => ConditionCompiler.Fits(o, type, elementType)))
            {
                var name = OperatorNames.Name(op);
                var operand = op switch
                {
                    Operator.Exists => new JsonObject { ["type"] = "boolean" },
                    Operator.In or Operator.NotIn => new JsonObject
                    {
                        ["anyOf"] = Array(
                            new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = Ref(Scalar(scalarType, members, enumType)) },
                            Ref("termReference")),
                    },
                    Operator.Matches => new JsonObject { ["type"] = "string" },
                    Operator.Contains when type == FieldType.String => Ref("text"),
                    Operator.StartsWith or Operator.EndsWith => new JsonObject
                    {
                        ["anyOf"] = Array(Ref("text"), new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = Ref("text") }),
                    },
                    _ => Ref(Scalar(scalarType, members, enumType)),
                };
                properties[name] = Described(operand, OperatorDescription(op, type));
            }

            if (type == FieldType.List)
            {
                JsonNode element;
                if (elementType == FieldType.Object)
                {
                    element = Ref($"{Queue(elementModel!, subject: false)}.elementCondition");
                }
                else
                {
                    var name = $"value.{ScalarName(elementType!.Value, enumType)}";
                    _defs.TryAdd(name, Value(elementType.Value, members, enumType));
                    element = Ref(name);
                }

                properties["some"] = Described(element, "At least one element meets the condition (false on an empty list).");
                properties["every"] = Described(element.DeepClone(), "Every element meets the condition (true on an empty list).");
                properties["none"] = Described(element.DeepClone(), "No element meets the condition (true on an empty list).");
            }

            return new JsonObject
            {
                ["type"] = "object",
                ["minProperties"] = 1,
                ["properties"] = properties,
                ["additionalProperties"] = false,
            };
        }

        /// <summary>The name of the definition of one value of a type, adding it the first time.</summary>
        private string Scalar(FieldType type, IReadOnlyList<string> members, Type? enumType)
        {
            var name = $"scalar.{ScalarName(type, enumType)}";
            _defs.TryAdd(name, type switch
            {
                FieldType.String => new JsonObject { ["type"] = Types("string", "number", "boolean") },
                FieldType.Integer => new JsonObject { ["type"] = "integer" },
                FieldType.Number => new JsonObject { ["type"] = "number" },
                FieldType.Boolean => new JsonObject { ["type"] = "boolean" },
                FieldType.Timestamp => new JsonObject
                {
                    ["description"] = "A date such as 2026-03-01, or a timestamp such as 2026-03-01T12:00:00Z.",
                    ["type"] = "string",
                    ["anyOf"] = Array(new JsonObject { ["pattern"] = Dates.DateRegex }, new JsonObject { ["pattern"] = Dates.TimestampRegex }),
                },
                FieldType.Enum => new JsonObject
                {
                    ["description"] = $"One of {string.Join(", ", members)}, in any case.",
                    ["anyOf"] = Array(
                        new JsonObject { ["enum"] = Array(members.ToArray()) },
                        new JsonObject { ["type"] = "string", ["pattern"] = "^(" + string.Join('|', members.Select(AnyCase)) + ")$" }),
                },
                _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a scalar type"),
            });
            return name;
        }

        private static string ScalarName(FieldType type, Type? enumType) => type switch
        {
            FieldType.String => "text",
            FieldType.Integer => "integer",
            FieldType.Number => "number",
            FieldType.Boolean => "boolean",
            FieldType.Timestamp => "timestamp",
            FieldType.Enum => SubjectTypeModel.CamelCase(enumType!.Name),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a scalar type"),
        };

        private static Type? EnumType(SubjectField field)
        {
            if (field.Type == FieldType.Enum)
            {
                return field.ValueClrType;
            }

            if (field.ElementType == FieldType.Enum)
            {
                var element = SubjectTypeModel.ListElementType(field.ValueClrType)!;
                return System.Nullable.GetUnderlyingType(element) ?? element;
            }

            return null;
        }

        /// <summary>A pattern that matches a word in any case: <c>[Ss][Tt]...</c> (JSON Schema patterns have no case-insensitive flag).</summary>
        private static string AnyCase(string word)
        {
            var builder = new StringBuilder();
            foreach (var c in word)
            {
                builder.Append(char.IsLetter(c) ? $"[{char.ToUpperInvariant(c)}{char.ToLowerInvariant(c)}]" : System.Text.RegularExpressions.Regex.Escape(c.ToString()));
            }

            return builder.ToString();
        }

        private string Queue(SubjectTypeModel model, bool subject)
        {
            var name = ModelName(model);
            if (_queued.Add($"{name}:{subject}"))
            {
                _pending.Enqueue((model, subject));
            }

            return name;
        }

        private string ModelName(SubjectTypeModel model) =>
            kinds.Find(model.ClrType)?.Name ?? SubjectTypeModel.CamelCase(model.ClrType.Name);

        private static string TypeName(FieldType type, FieldType? element, IReadOnlyList<string> members) => type switch
        {
            FieldType.String => "Text",
            FieldType.Enum => $"One of {string.Join(", ", members)}",
            FieldType.Integer => "A whole number",
            FieldType.Number => "A number",
            FieldType.Boolean => "true or false",
            FieldType.Timestamp => "A timestamp (compared with a date, its UTC calendar date counts)",
            FieldType.StringMap => "A map of names to text",
            FieldType.List when element == FieldType.Object => "A list of objects",
            FieldType.List when element == FieldType.Enum => $"A list of {string.Join(", ", members)}",
            FieldType.List => $"A list of values ({TypeName(element!.Value, null, members).ToLowerInvariant()})",
            _ => "An object",
        };

        private static string Usage(SubjectField field) => field.Type switch
        {
            FieldType.List => "Use exists, contains (values only), or some/every/none with a condition on each element.",
            FieldType.StringMap => $"Use exists, or name a key: {field.Name}.KEY.",
            FieldType.Object => "Use exists, or name a field: path.field.",
            _ => "Compare with a value (equals), a list (in), or a map of operators.",
        };

        private static JsonObject Ref(string name) => new() { ["$ref"] = $"#/$defs/{name}" };

        /// <summary>What an operator means, for hover text; the null rule is the one of docs/rule-language.md.</summary>
        private static string OperatorDescription(Operator op, FieldType type) => op switch
        {
            Operator.Equals => "The value equals this one (text ignores case); a missing value does not.",
            Operator.NotEquals => "The value differs from this one (text ignores case); a missing value satisfies notEquals.",
            Operator.In => "The value is one of these (text ignores case); a missing value is not.",
            Operator.NotIn => "The value is none of these (text ignores case); a missing value satisfies notIn.",
            Operator.Exists => type is FieldType.List or FieldType.StringMap
                ? "true: the value is given and not empty; false: it is missing or empty."
                : "true: the value is given; false: it is missing.",
            Operator.GreaterThan => "Greater than (for dates: after); a missing value does not satisfy it.",
            Operator.GreaterThanOrEqual => "At least (for dates: on or after); a missing value does not satisfy it.",
            Operator.LessThan => "Less than (for dates: before); a missing value does not satisfy it.",
            Operator.LessThanOrEqual => "At most (for dates: on or before); a missing value does not satisfy it.",
            Operator.Matches => "A .NET regular expression the text must match somewhere; case counts unless it starts with (?i). A missing value does not match.",
            Operator.Contains => type == FieldType.List
                ? "The list holds this member (text ignores case); a missing list does not."
                : "The text contains this text, ignoring case; a missing value does not.",
            Operator.StartsWith => "The text begins with this text, or with any one of a list of them, ignoring case; a missing value does not.",
            Operator.EndsWith => "The text ends with this text, or with any one of a list of them, ignoring case; a missing value does not.",
            _ => OperatorNames.Name(op),
        };

        /// <summary>A copy of the schema with a description first (for hover text); the schema itself is left as it is.</summary>
        private static JsonNode Described(JsonNode schema, string description)
        {
            if (schema is not JsonObject obj || obj.ContainsKey("description"))
            {
                return schema;
            }

            var described = new JsonObject { ["description"] = description };
            foreach (var (key, value) in obj)
            {
                described[key] = value?.DeepClone();
            }

            return described;
        }

        private static JsonObject OneOrMany(JsonNode item) => new()
        {
            ["anyOf"] = Array(item, new JsonObject { ["type"] = "array", ["items"] = item.DeepClone() }),
        };

        private static JsonObject Required(string key) => new() { ["required"] = Array(key) };

        private static JsonArray Types(params string[] types) => Array(types);

        private static JsonArray Array(params string[] items) => new(items.Select(i => (JsonNode)JsonValue.Create(i)).ToArray());

        private static JsonArray Array(params JsonNode[] items) => new(items);
    }
}
