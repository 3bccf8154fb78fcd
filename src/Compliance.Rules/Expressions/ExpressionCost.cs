using System.Linq.Expressions;
using System.Reflection;

namespace Compliance.Rules.Expressions;

/// <summary>Bounds what one evaluation of an expression can cost. At load, <see cref="LambdaDepth"/> measures how deeply
/// lambdas nest (each level multiplies the work by the length of a list or a text, and text is a sequence of characters
/// too), and the compiler refuses more than <see cref="MaxLambdaDepth"/>. For evaluation, <see cref="Charge"/> rewrites the
/// allowed, ordinal tree so that every lambda call, every element a lambda-less sequence operation reads and every text
/// operation charges an <see cref="ExpressionBudget"/> before it runs, and text joined by <c>+</c> is measured before it
/// is built.</summary>
/// <remarks>Runs after <see cref="ExpressionAllowList"/> and <see cref="OrdinalStrings"/>: it knows the cost of every
/// construct they let through, and throws on a text method it does not know rather than compile it uncharged.</remarks>
internal sealed class ExpressionCost : ExpressionVisitor
{
    /// <summary>The deepest nesting of lambdas (<c>x =&gt; ...</c> inside <c>y =&gt; ...</c>) an expression may have.</summary>
    public const int MaxLambdaDepth = 3;

    private static readonly MethodInfo StepMethod = Budget(nameof(ExpressionBudget.Step));
    private static readonly MethodInfo ElementsMethod = Budget(nameof(ExpressionBudget.Elements));
    private static readonly MethodInfo Text1 = Budget(nameof(ExpressionBudget.Text), typeof(string));
    private static readonly MethodInfo Text2 = Budget(nameof(ExpressionBudget.Text), typeof(string), typeof(string));
    private static readonly MethodInfo SearchMethod = Budget(nameof(ExpressionBudget.Search), typeof(string), typeof(string));
    private static readonly MethodInfo[] JoinMethods =
    [
        Budget(nameof(ExpressionBudget.Join), typeof(string), typeof(string)),
        Budget(nameof(ExpressionBudget.Join), typeof(string), typeof(string), typeof(string)),
        Budget(nameof(ExpressionBudget.Join), typeof(string), typeof(string), typeof(string), typeof(string)),
    ];

    /// <summary>Sequence operations without a lambda that may read every element (the others read at most one).</summary>
    private static readonly HashSet<string> ReadEveryElement = new(StringComparer.Ordinal)
    {
        nameof(Enumerable.Contains), nameof(Enumerable.Count), nameof(Enumerable.Sum), nameof(Enumerable.Min), nameof(Enumerable.Max),
    };

    private readonly ParameterExpression _budget;
    private bool _charged;

    private ExpressionCost(ParameterExpression budget) => _budget = budget;

    private static MethodInfo Budget(string name, params Type[] parameters) => parameters.Length == 0
        ? typeof(ExpressionBudget).GetMethod(name)!
        : typeof(ExpressionBudget).GetMethod(name, parameters)!;

    /// <summary>The deepest nesting of lambdas in the tree: 0 without lambdas, 1 for <c>list.Any(x =&gt; ...)</c>.</summary>
    public static int LambdaDepth(Expression expression)
    {
        var counter = new DepthCounter();
        counter.Visit(expression);
        return counter.Deepest;
    }

    /// <summary>Rewrites <paramref name="body"/> to charge <paramref name="budget"/>; <paramref name="charged"/> says
    /// whether anything in it costs more than a constant, so that an expression that does not need the budget does not
    /// create one.</summary>
    public static Expression Charge(Expression body, ParameterExpression budget, out bool charged)
    {
        var cost = new ExpressionCost(budget);
        var rewritten = cost.Visit(body);
        charged = cost._charged;
        return rewritten;
    }

    protected override Expression VisitLambda<T>(Expression<T> node)
    {
        var body = Visit(node.Body);
        _charged = true;
        return Expression.Lambda<T>(Expression.Block(Expression.Call(_budget, StepMethod), body), node.Name, node.TailCall, node.Parameters);
    }

    protected override Expression VisitBinary(BinaryExpression node)
    {
        var visited = (BinaryExpression)base.VisitBinary(node);
        if (visited.Method is not { } method || method.DeclaringType != typeof(string))
        {
            return visited;
        }

        var left = Expression.Variable(visited.Left.Type);
        var right = Expression.Variable(visited.Right.Type);
        var charge = method.Name == nameof(string.Concat) ? JoinMethods[0] : Text2;
        _charged = true;
        return Expression.Block(
            [left, right],
            Expression.Assign(left, visited.Left),
            Expression.Assign(right, visited.Right),
            Expression.Call(_budget, charge, AsText(left), AsText(right)),
            Expression.MakeBinary(visited.NodeType, left, right, visited.IsLiftedToNull, method));
    }

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        var visited = (MethodCallExpression)base.VisitMethodCall(node);
        var method = visited.Method;
        if (method.DeclaringType == typeof(string))
        {
            return ChargeText(visited);
        }

        if (method.DeclaringType == typeof(Enumerable))
        {
            return visited.Arguments.Any(a => a is LambdaExpression) || !ReadEveryElement.Contains(method.Name)
                ? visited
                : ChargeElements(visited, visited.Arguments[0], source => visited.Update(null, visited.Arguments.Skip(1).Prepend(source)));
        }

        if (visited.Object is { } collection && method.Name == nameof(ICollection<int>.Contains))
        {
            return ChargeElements(visited, collection, source => visited.Update(source, visited.Arguments));
        }

        return visited;
    }

    private Expression ChargeElements(MethodCallExpression call, Expression source, Func<Expression, Expression> rebuild)
    {
        var element = ElementType(source.Type);
        if (element is null)
        {
            return call;
        }

        var variable = Expression.Variable(source.Type);
        _charged = true;
        return Expression.Block(
            [variable],
            Expression.Assign(variable, source),
            Expression.Call(_budget, ElementsMethod.MakeGenericMethod(element), Expression.Convert(variable, typeof(IEnumerable<>).MakeGenericType(element))),
            rebuild(variable));
    }

    private static Type? ElementType(Type type) => type.GetInterfaces().Prepend(type)
        .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private Expression ChargeText(MethodCallExpression call)
    {
        var method = call.Method;
        if (method.Name is nameof(string.IsNullOrEmpty) or nameof(ToString))
        {
            return call;
        }

        if (!OrdinalStrings.IsOrdinal(method))
        {
            throw new InvalidOperationException($"the text method `{method}` has no known cost");
        }

        var receiver = call.Object is null ? null : Expression.Variable(call.Object.Type);
        var arguments = call.Arguments.Select(a => Expression.Variable(a.Type)).ToArray();
        var texts = (receiver is null ? arguments : arguments.Prepend(receiver)).Where(v => v.Type == typeof(string)).ToArray<Expression>();
        Expression charge = method.Name switch
        {
            nameof(string.Concat) => Expression.Call(_budget, JoinMethods[texts.Length - 2], texts),
            nameof(string.Contains) when texts.Length == 2 => Expression.Call(_budget, SearchMethod, texts),
            _ => Expression.Call(_budget, texts.Length == 1 ? Text1 : Text2, texts),
        };

        var assignments = new List<Expression>();
        if (receiver is not null)
        {
            assignments.Add(Expression.Assign(receiver, call.Object!));
        }

        assignments.AddRange(arguments.Select((a, i) => Expression.Assign(a, call.Arguments[i])));
        _charged = true;
        return Expression.Block(
            receiver is null ? arguments : arguments.Prepend(receiver),
            [.. assignments, charge, call.Update(receiver, arguments)]);
    }

    private static Expression AsText(ParameterExpression operand) =>
        operand.Type == typeof(string) ? operand : Expression.Constant(null, typeof(string));

    /// <summary>Counts nested lambdas.</summary>
    private sealed class DepthCounter : ExpressionVisitor
    {
        private int _depth;

        public int Deepest { get; private set; }

        protected override Expression VisitLambda<T>(Expression<T> node)
        {
            _depth++;
            Deepest = Math.Max(Deepest, _depth);
            Visit(node.Body);
            _depth--;
            return node;
        }
    }
}
