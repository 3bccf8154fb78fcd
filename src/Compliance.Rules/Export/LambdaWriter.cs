using System.Globalization;
using System.Text;
using Compliance.Conditions;
using Compliance.Model;
using Compliance.Subjects;

namespace Compliance.Rules.Export;

/// <summary>A C# expression and how tightly it binds, so that brackets go only where they are needed.</summary>
/// <param name="Text">The expression.</param>
/// <param name="Precedence">0 for <c>||</c>, 1 for <c>&amp;&amp;</c>, 2 for a comparison, 3 for a call, member or literal.</param>
internal sealed record Lambda(string Text, int Precedence)
{
    public const int Or = 0;
    public const int And = 1;
    public const int Comparison = 2;
    public const int Atom = 3;

    public static Lambda True { get; } = new("true", Atom);

    public static Lambda False { get; } = new("false", Atom);

    /// <summary>For a negation, what it negates, so that a double negation cancels out.</summary>
    private Lambda? Negated { get; init; }

    public static Lambda Not(Lambda inner)
    {
        if (inner.Negated is { } negated)
        {
            return negated;
        }

        const string NotNull = " != null";
        if (inner.Precedence == Comparison && inner.Text.EndsWith(NotNull, StringComparison.Ordinal)
            && inner.Text.IndexOf(' ', StringComparison.Ordinal) == inner.Text.Length - NotNull.Length)
        {
            return new Lambda(inner.Text[..^NotNull.Length] + " == null", Comparison) { Negated = inner };
        }

        return inner.Text switch
        {
            "true" => False,
            "false" => True,
            _ => new Lambda(inner.Precedence < Atom ? $"!({inner.Text})" : "!" + inner.Text, Atom) { Negated = inner },
        };
    }

    public static Lambda AllOf(IEnumerable<Lambda> parts) => Join(parts, "&&", And);

    public static Lambda AnyOf(IEnumerable<Lambda> parts) => Join(parts, "||", Or);

    private static Lambda Join(IEnumerable<Lambda> parts, string op, int precedence)
    {
        var items = parts.Where(p => p.Text != (precedence == And ? "true" : "false")).ToArray();
        if (items.Any(p => p.Text == (precedence == And ? "false" : "true")))
        {
            return precedence == And ? False : True;
        }

        return items.Length switch
        {
            0 => precedence == And ? True : False,
            1 => items[0],
            _ => new Lambda(string.Join($" {op} ", items.Select(p => p.Precedence < precedence ? $"({p.Text})" : p.Text)), precedence),
        };
    }
}

/// <summary>Writes conditions as Microsoft.RulesEngine lambda expressions (System.Linq.Dynamic.Core syntax) over the
/// subject's C# members, with the rule language's semantics: text compared ignoring case, a missing value satisfying only
/// <c>notEquals</c>, <c>notIn</c> and <c>exists: false</c>, dates compared by the timestamp's UTC calendar date,
/// <c>some</c> false and <c>every</c>/<c>none</c> true on an empty list.</summary>
internal sealed class LambdaWriter(SubjectKindRegistry kinds)
{
    /// <summary>Where paths are read from: the subject, or an element of a list inside <c>some</c>/<c>every</c>/<c>none</c>.</summary>
    private sealed record Scope(string Target, SubjectTypeModel? Model, Access? Self, int Depth);

    /// <summary>How to read one path: the value, the checks that must hold before it can be read, and its type.</summary>
    private sealed record Access(string Value, IReadOnlyList<string> Guards, FieldType Type, Type ClrType, bool Nullable, bool NullableValueType)
    {
        /// <summary>The value as its underlying type, for member calls on a nullable struct (<c>Timestamp.Value</c>).</summary>
        public string Underlying => NullableValueType ? Value + ".Value" : Value;

        /// <summary>The checks, and that the value itself is present.</summary>
        public IEnumerable<string> Present => Nullable ? Guards.Append($"{Value} != null") : Guards;
    }

    public Lambda Write(Condition condition, SubjectKind kind) =>
        Write(condition, new Scope(RulesEngineExport.SubjectParameter, kind.Model, null, 0));

    private Lambda Write(Condition condition, Scope scope) => condition switch
    {
        AllCondition all => Lambda.AllOf(all.Items.Select(i => Write(i, scope))),
        AnyCondition any => Lambda.AnyOf(any.Items.Select(i => Write(i, scope))),
        NotCondition not => Lambda.Not(Write(not.Inner, scope)),
        TermCondition term => Write(term.Inner, scope),
        ComparisonCondition comparison => Compare(comparison, Resolve(comparison.Path, scope), scope),
        QuantifierCondition quantifier => Quantify(quantifier, Resolve(quantifier.Path, scope), scope),
        ExpressionCondition expression => new Lambda($"({expression.Text})", Lambda.Atom),
        _ => throw new ArgumentException($"no lambda for `{condition.GetType().Name}`", nameof(condition)),
    };

    private static Lambda Present(Access access, params string[] then) =>
        Lambda.AllOf(access.Present.Concat(then).Select(Part));

    private static Lambda Part(string text) => new(text, text.Contains("&&", StringComparison.Ordinal) ? Lambda.And : Lambda.Comparison);

    private static Lambda Compare(ComparisonCondition comparison, Access access, Scope scope)
    {
        var operands = comparison.Operands;
        switch (comparison.Operator)
        {
            case Operator.Equals:
                return Present(access, Equal(access, operands[0]));
            case Operator.NotEquals:
                return Lambda.Not(Present(access, Equal(access, operands[0])));
            case Operator.In:
                return Lambda.AllOf(access.Present.Select(Part).Append(Lambda.AnyOf(operands.Select(o => Part(Equal(access, o))))));
            case Operator.NotIn:
                return Lambda.Not(Lambda.AllOf(access.Present.Select(Part).Append(Lambda.AnyOf(operands.Select(o => Part(Equal(access, o)))))));
            case Operator.Exists:
            {
                var present = access.Type is FieldType.List or FieldType.StringMap
                    ? Present(access, $"{access.Value}.Any()")
                    : Present(access);
                return (bool)operands[0].Value ? present : Lambda.Not(present);
            }

            case Operator.GreaterThan:
                return Present(access, Order(access, ">", operands[0]));
            case Operator.GreaterThanOrEqual:
                return Present(access, Order(access, ">=", operands[0]));
            case Operator.LessThan:
                return Present(access, Order(access, "<", operands[0]));
            case Operator.LessThanOrEqual:
                return Present(access, Order(access, "<=", operands[0]));
            case Operator.Matches:
                return Matches(comparison, access);
            case Operator.Contains when access.Type == FieldType.String:
                return Present(access, $"{access.Value}.Contains({Literal((string)operands[0].Value)}, StringComparison.OrdinalIgnoreCase)");
            case Operator.StartsWith:
            case Operator.EndsWith:
            {
                var method = comparison.Operator == Operator.StartsWith ? "StartsWith" : "EndsWith";
                return Lambda.AllOf(access.Present.Select(Part).Append(Lambda.AnyOf(operands.Select(o =>
                    Part($"{access.Value}.{method}({Literal((string)o.Value)}, StringComparison.OrdinalIgnoreCase)")))));
            }

            case Operator.Contains:
            {
                var name = scope.Depth == 0 ? "entry" : "entry" + (scope.Depth + 1).ToString(CultureInfo.InvariantCulture);
                var element = ElementAccess(access, name, comparison.Path.ElementType!.Value);
                var test = Lambda.AllOf(element.Present.Append(Equal(element, operands[0])).Select(Part));
                return Present(access, $"{access.Value}.Any({element.Value} => {test.Text})");
            }

            default:
                throw new ArgumentException($"no lambda for the operator `{OperatorNames.Name(comparison.Operator)}`", nameof(comparison));
        }
    }

    /// <summary><c>matches</c>: a regular expression on text, with the loader's options and timeout. On an enum, whose
    /// members are known now, the pattern is applied here and becomes a list of members.</summary>
    private static Lambda Matches(ComparisonCondition comparison, Access access)
    {
        var regex = comparison.Regex!;
        if (access.Type == FieldType.Enum)
        {
            var members = Enum.GetNames(access.ClrType).Where(name => regex.IsMatch(SubjectTypeModel.CamelCase(name)));
            return Lambda.AllOf(access.Present.Select(Part).Append(Lambda.AnyOf(members.Select(m => Part($"{access.Value} == {Literal(m)}")))));
        }

        var timeout = regex.MatchTimeout.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
        return Present(access, $"Regex.IsMatch({access.Value}, {Literal(regex.ToString())}, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds({timeout}))");
    }

    private Lambda Quantify(QuantifierCondition quantifier, Access list, Scope scope)
    {
        var depth = scope.Depth + 1;
        var name = ElementName(quantifier.Path, depth);
        Lambda inner;
        string? elementPresent;
        if (quantifier.Path.ElementType == FieldType.Object)
        {
            inner = Write(quantifier.Inner, new Scope(name, quantifier.Path.ElementModel, null, depth));
            elementPresent = $"{name} != null";
        }
        else
        {
            var self = ElementAccess(list, name, quantifier.Path.ElementType!.Value);
            elementPresent = self.Nullable ? $"{name} != null" : null;

            // The element is checked once, here; the comparisons inside need not check it again.
            inner = Write(quantifier.Inner, new Scope(name, null, self with { Nullable = false }, depth));
        }

        var holds = Lambda.AllOf(elementPresent is null ? [inner] : [Part(elementPresent), inner]);
        var listed = Present(list);
        return quantifier.Quantifier switch
        {
            Quantifier.Some => Lambda.AllOf([listed, Part($"{list.Value}.Any({name} => {holds.Text})")]),
            Quantifier.Every => Lambda.AnyOf([Lambda.Not(listed), Part($"{list.Value}.All({name} => {holds.Text})")]),
            _ => Lambda.AnyOf([Lambda.Not(listed), Part($"{list.Value}.All({name} => {Lambda.Not(holds).Text})")]),
        };
    }

    /// <summary>The element of a list of values, read through a lambda parameter.</summary>
    private static Access ElementAccess(Access list, string name, FieldType elementType)
    {
        var clr = SubjectTypeModel.ListElementType(list.ClrType)!;
        var underlying = System.Nullable.GetUnderlyingType(clr);
        return new Access(name, [], elementType, underlying ?? clr, !clr.IsValueType || underlying is not null, underlying is not null);
    }

    /// <summary>A readable parameter name for list elements: the element kind's name (<c>call</c>), the list's name made
    /// singular (<c>partner</c>), or <c>item</c>; numbered below the first level so that nested lambdas do not clash.</summary>
    private string ElementName(FieldPath path, int depth)
    {
        var name = path.ElementModel is { } model && kinds.Find(model.ClrType) is { } kind ? kind.Name
            : path.Text.EndsWith('s') && path.Text.Length > 1 ? path.Text[..^1]
            : "item";
        if (!name.All(char.IsAsciiLetterLower) || name is "it" or "np" or "iif" or "new" or "parent" or "root" or "subject" or "asof")
        {
            name = "item";
        }

        return depth == 1 ? name : name + depth.ToString(CultureInfo.InvariantCulture);
    }

    private static Access Resolve(FieldPath path, Scope scope)
    {
        if (path.IsSelf)
        {
            return scope.Self!;
        }

        var model = scope.Model!;
        var value = scope.Target;
        var guards = new List<string>();
        var segments = path.Text.Split('.');
        for (var i = 0; i < segments.Length; i++)
        {
            var field = model.Find(segments[i])!;
            value = $"{value}.{field.ClrName}";
            var declared = field.Property.PropertyType;
            var underlying = System.Nullable.GetUnderlyingType(declared);
            var nullable = !declared.IsValueType || underlying is not null;
            if (i == segments.Length - 1)
            {
                return new Access(value, guards, field.Type, underlying ?? declared, nullable, underlying is not null);
            }

            if (field.Type == FieldType.StringMap)
            {
                var key = Literal(string.Join('.', segments[(i + 1)..]));
                if (nullable)
                {
                    guards.Add($"{value} != null");
                }

                guards.Add($"{value}.ContainsKey({key})");
                return new Access($"{value}[{key}]", guards, FieldType.String, typeof(string), Nullable: true, NullableValueType: false);
            }

            if (nullable)
            {
                guards.Add($"{value} != null");
            }

            model = field.ObjectModel!;
            if (underlying is not null)
            {
                value += ".Value";
            }
        }

        throw new ArgumentException($"path `{path.Text}` does not resolve", nameof(path));
    }

    /// <summary>Equality as the rule language has it: text ignoring case, enums by member, numbers by value, dates by the
    /// timestamp's UTC calendar date. The caller has checked that the value is present.</summary>
    private static string Equal(Access access, Operand operand) => operand.Value switch
    {
        string s => $"string.Equals({access.Value}, {Literal(s)}, StringComparison.OrdinalIgnoreCase)",
        Enum e => $"{access.Value} == {Literal(e.ToString())}",
        double d => $"{access.Value} == {Number(d, access.Type)}",
        bool b => $"{access.Value} == {(b ? "true" : "false")}",
        DateOnly or DateTimeOffset => Order(access, "==", operand),
        _ => throw new ArgumentException($"no lambda for the value `{operand.Text}`", nameof(operand)),
    };

    private static string Order(Access access, string op, Operand operand) => operand.Value switch
    {
        double d => $"{access.Value} {op} {Number(d, access.Type)}",
        DateOnly date => $"{DateOf(access)} {op} {DateLiteral(access, date)}",
        DateTimeOffset instant => $"{InstantOf(access)} {op} {InstantLiteral(access, instant)}",
        _ => throw new ArgumentException($"`{OperatorNames.Name(Operator.GreaterThan)}` needs a number or a date, not `{operand.Text}`", nameof(operand)),
    };

    /// <summary>The UTC calendar date of a timestamp, in the type its date literal is written in.</summary>
    private static string DateOf(Access access) => access.ClrType switch
    {
        var t when t == typeof(DateOnly) => access.Underlying,
        var t when t == typeof(DateTime) => $"{access.Underlying}.Date",
        _ => $"{access.Underlying}.UtcDateTime.Date",
    };

    private static string DateLiteral(Access access, DateOnly date) =>
        access.ClrType == typeof(DateOnly) ? DateOnlyLiteral(date) : DateTimeLiteral(date);

    private static string InstantOf(Access access) => access.ClrType switch
    {
        var t when t == typeof(DateOnly) => $"{access.Underlying}.ToDateTime(TimeOnly.MinValue)",
        _ => access.Underlying,
    };

    private static string InstantLiteral(Access access, DateTimeOffset instant)
    {
        var text = Literal(instant.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture));
        return access.ClrType == typeof(DateTimeOffset) ? $"DateTimeOffset.Parse({text})" : $"DateTimeOffset.Parse({text}).UtcDateTime";
    }

    /// <summary><c>DateTime(2019, 7, 22)</c>: how the evaluation date (<c>asOf</c>) and dates in rules are compared.</summary>
    public static string DateTimeLiteral(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"DateTime({date.Year}, {date.Month}, {date.Day})");

    private static string DateOnlyLiteral(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"DateOnly({date.Year}, {date.Month}, {date.Day})");

    private static string Number(double value, FieldType type) =>
        type == FieldType.Integer && Math.Floor(value) == value && Math.Abs(value) < 9e15
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A C# string literal: quotes, backslashes and control characters escaped.</summary>
    public static string Literal(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }
}
