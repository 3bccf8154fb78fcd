using System.Collections;
using System.Linq.Expressions;
using System.Reflection;

namespace Compliance.Rules.Expressions;

/// <summary>Checks a parsed expression tree against the allow-list: the subject's data members, operators,
/// constants, lambdas over the subject's lists, and the documented helpers. Everything else is refused.</summary>
internal sealed class ExpressionAllowList : ExpressionVisitor
{
    private static readonly HashSet<string> EnumerableMethods = new(StringComparer.Ordinal)
    {
        "Any", "All", "Count", "Contains", "Where", "Select", "Sum", "Min", "Max", "First", "FirstOrDefault",
    };

    private readonly HashSet<Type> _dataTypes;
    private readonly List<string> _problems = [];

    private ExpressionAllowList(IEnumerable<Type> dataTypes) => _dataTypes = [.. dataTypes];

    /// <summary>Returns the first refused construct, described for the user, or <see langword="null"/> when the tree is allowed.</summary>
    public static string? Check(Expression expression, IEnumerable<Type> dataTypes)
    {
        var visitor = new ExpressionAllowList(dataTypes);
        visitor.Visit(expression);
        return visitor._problems.Count == 0 ? null : visitor._problems[0];
    }

    private bool Refuse(string what)
    {
        _problems.Add(what);
        return false;
    }

    private static bool IsPrimitive(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateTimeOffset)
            || t == typeof(DateTime) || t == typeof(DateOnly) || t == typeof(StringComparison);
    }

    private bool IsData(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (IsPrimitive(t) || _dataTypes.Contains(t))
        {
            return true;
        }

        if (t.IsGenericType)
        {
            var definition = t.GetGenericTypeDefinition();
            if (definition == typeof(IReadOnlyList<>) || definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyCollection<>)
                || definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(IList<>) || definition == typeof(ICollection<>)
                || definition == typeof(List<>) || definition == typeof(KeyValuePair<,>) || definition == typeof(Func<,>))
            {
                return t.GetGenericArguments().All(IsData);
            }
        }

        return t.IsArray && IsData(t.GetElementType()!);
    }

    public override Expression? Visit(Expression? node)
    {
        if (node is null || _problems.Count > 0)
        {
            return node;
        }

        switch (node.NodeType)
        {
            case ExpressionType.New:
            case ExpressionType.NewArrayBounds:
            case ExpressionType.NewArrayInit:
            case ExpressionType.MemberInit:
            case ExpressionType.ListInit:
                Refuse("creating objects (`new`)");
                return node;
            case ExpressionType.Invoke:
            case ExpressionType.Block:
            case ExpressionType.Assign:
            case ExpressionType.Throw:
            case ExpressionType.Try:
            case ExpressionType.Loop:
            case ExpressionType.Goto:
            case ExpressionType.Dynamic:
            case ExpressionType.Quote:
            case ExpressionType.RuntimeVariables:
            case ExpressionType.Extension:
                Refuse($"the construct `{node.NodeType}`");
                return node;
        }

        return base.Visit(node);
    }

    protected override Expression VisitConstant(ConstantExpression node)
    {
        if (node.Value is not null && !IsPrimitive(node.Type))
        {
            Refuse($"a constant of type `{node.Type.Name}`");
        }
        else if (node.Value is StringComparison comparison && comparison is not (StringComparison.Ordinal or StringComparison.OrdinalIgnoreCase))
        {
            Refuse($"the culture-dependent comparison `StringComparison.{comparison}` (use `Ordinal` or `OrdinalIgnoreCase`)");
        }

        return node;
    }

    protected override Expression VisitBinary(BinaryExpression node)
    {
        Visit(node.Left);
        Visit(node.Right);
        Visit(node.Conversion);
        if (_problems.Count == 0 && node.Method is { } method && !IsData(method.DeclaringType!))
        {
            Refuse($"the operator method `{method.DeclaringType!.Name}.{method.Name}`");
        }

        return node;
    }

    protected override Expression VisitIndex(IndexExpression node)
    {
        Visit(node.Object);
        Visit(node.Arguments);
        if (_problems.Count == 0 && (node.Object is null || !IsData(node.Object.Type) || !typeof(IEnumerable).IsAssignableFrom(node.Object.Type)))
        {
            Refuse($"the indexer of `{node.Object?.Type.Name}`");
        }

        return node;
    }

    protected override Expression VisitUnary(UnaryExpression node)
    {
        if (node.NodeType is ExpressionType.Convert or ExpressionType.ConvertChecked or ExpressionType.TypeAs
            && (!IsData(node.Type) || !IsData(node.Operand.Type)))
        {
            Refuse($"converting to `{node.Type.Name}`");
            return node;
        }

        if (node.Method is { } method && !IsData(method.DeclaringType!))
        {
            Refuse($"the operator method `{method.DeclaringType!.Name}.{method.Name}`");
            return node;
        }

        return base.VisitUnary(node);
    }

    protected override Expression VisitTypeBinary(TypeBinaryExpression node)
    {
        Refuse("type tests (`is`)");
        return node;
    }

    protected override Expression VisitMember(MemberExpression node)
    {
        // Children first, so that the refusal names the innermost construct (`GetType`, not `Assembly.Location`).
        Visit(node.Expression);
        if (_problems.Count > 0)
        {
            return node;
        }

        var member = node.Member;
        if (node.Expression is null)
        {
            Refuse($"the static member `{member.DeclaringType?.Name}.{member.Name}`");
            return node;
        }

        var owner = node.Expression.Type;
        var allowed = member switch
        {
            PropertyInfo p when _dataTypes.Contains(owner) => p.GetMethod is { IsPublic: true },
            PropertyInfo p when owner == typeof(string) => p.Name == "Length",
            PropertyInfo p when Nullable.GetUnderlyingType(owner) is not null => p.Name is "HasValue" or "Value",
            PropertyInfo p when IsData(owner) && typeof(IEnumerable).IsAssignableFrom(owner) => p.Name is "Count" or "Keys" or "Values",
            PropertyInfo p when owner.IsGenericType && owner.GetGenericTypeDefinition() == typeof(KeyValuePair<,>) => p.Name is "Key" or "Value",
            _ => false,
        };
        if (!allowed)
        {
            Refuse($"the member `{owner.Name}.{member.Name}`");
        }

        return node;
    }

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        // Children first, so that the refusal names the innermost construct (`Enumerable.Range`, not `Count`).
        Visit(node.Object);
        Visit(node.Arguments);
        if (_problems.Count > 0)
        {
            return node;
        }

        var method = node.Method;
        var type = method.DeclaringType;
        var allowed = false;
        if (type == typeof(Enumerable) && EnumerableMethods.Contains(method.Name))
        {
            // The source must be the subject's own data, never a generator.
            allowed = node.Arguments.Count > 0 && node.Arguments[0] is not ConstantExpression && IsData(node.Arguments[0].Type);
        }
        else if (type == typeof(string))
        {
            // Decided by the overload the parser resolved: only ordinal ones, or ones rewritten to ordinal, pass. `Concat`
            // only joins strings given one by one (what `+` produces): joining a whole sequence would let a short
            // expression build one string as large as a list times a field.
            if (OrdinalStrings.Check(node) is { } refused)
            {
                Refuse(refused);
            }

            return node;
        }
        else if (node.Object is not null && IsData(node.Object.Type) && typeof(IEnumerable).IsAssignableFrom(node.Object.Type))
        {
            allowed = method.Name is "Contains" or "ContainsKey" or "get_Item";
        }
        else if (node.Object is not null && method.Name == "ToString" && method.GetParameters().Length == 0)
        {
            // Only where the text cannot depend on the machine's culture: numbers and dates format differently per culture.
            var t = Nullable.GetUnderlyingType(node.Object.Type) ?? node.Object.Type;
            allowed = t.IsEnum || t == typeof(bool) || t == typeof(string) || t == typeof(char);
        }

        if (!allowed)
        {
            var name = method.IsStatic ? $"{type?.Name}.{method.Name}" : method.Name;
            Refuse($"the method `{name}`");
        }

        return node;
    }
}
