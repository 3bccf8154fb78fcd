using System.Linq.Expressions;
using System.Reflection;

namespace Compliance.Rules.Expressions;

/// <summary>Rewrites an allowed expression tree so that no string operation depends on the machine's culture: the
/// same rule and subject give the same verdict on every machine. <c>StartsWith</c>/<c>EndsWith</c> compare ordinally,
/// <c>ToLower</c>/<c>ToUpper</c> use the invariant culture, <c>string.Compare</c> (and so <c>&lt;</c> on text) and
/// <c>Min</c>/<c>Max</c> over text order ordinally.</summary>
/// <remarks>Culture-aware comparison also ignores characters such as the soft hyphen and zero-width joiner, so without
/// this rewrite a subject could make <c>"\u00ADus-east".StartsWith("us-")</c> true. Runs after <see cref="ExpressionAllowList"/>.</remarks>
internal sealed class OrdinalStrings : ExpressionVisitor
{
    private static readonly MethodInfo StartsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string), typeof(StringComparison)])!;
    private static readonly MethodInfo EndsWith = typeof(string).GetMethod(nameof(string.EndsWith), [typeof(string), typeof(StringComparison)])!;
    private static readonly MethodInfo ToLowerInvariant = typeof(string).GetMethod(nameof(string.ToLowerInvariant), Type.EmptyTypes)!;
    private static readonly MethodInfo ToUpperInvariant = typeof(string).GetMethod(nameof(string.ToUpperInvariant), Type.EmptyTypes)!;
    private static readonly MethodInfo CompareWithComparison = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string), typeof(StringComparison)])!;
    private static readonly MethodInfo MinWithComparer = ComparerOverload(nameof(Enumerable.Min));
    private static readonly MethodInfo MaxWithComparer = ComparerOverload(nameof(Enumerable.Max));
    private static readonly MethodInfo Select = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Select) && m.GetParameters()[1].ParameterType.GetGenericArguments().Length == 2);

    private static readonly Expression Ordinal = Expression.Constant(StringComparison.Ordinal);
    private static readonly Expression OrdinalIgnoreCase = Expression.Constant(StringComparison.OrdinalIgnoreCase);
    private static readonly Expression OrdinalComparer = Expression.Constant(StringComparer.Ordinal, typeof(IComparer<string>));

    public static Expression Rewrite(Expression expression) => new OrdinalStrings().Visit(expression);

    private static MethodInfo ComparerOverload(string name) => typeof(Enumerable).GetMethods()
        .Single(m => m.Name == name && m.IsGenericMethodDefinition && m.GetGenericArguments().Length == 1 && m.GetParameters().Length == 2
            && m.GetParameters()[1].ParameterType.IsGenericType && m.GetParameters()[1].ParameterType.GetGenericTypeDefinition() == typeof(IComparer<>))
        .MakeGenericMethod(typeof(string));

    protected override Expression VisitMethodCall(MethodCallExpression call)
    {
        var node = (MethodCallExpression)base.VisitMethodCall(call);
        var method = node.Method;
        var parameters = method.GetParameters().Select(p => p.ParameterType).ToArray();
        if (method.DeclaringType == typeof(string))
        {
            switch (method.Name)
            {
                case nameof(string.StartsWith) when parameters is [var p] && p == typeof(string):
                    return Expression.Call(node.Object, StartsWith, node.Arguments[0], Ordinal);
                case nameof(string.EndsWith) when parameters is [var p] && p == typeof(string):
                    return Expression.Call(node.Object, EndsWith, node.Arguments[0], Ordinal);
                case nameof(string.ToLower) when parameters.Length == 0:
                    return Expression.Call(node.Object, ToLowerInvariant);
                case nameof(string.ToUpper) when parameters.Length == 0:
                    return Expression.Call(node.Object, ToUpperInvariant);
                case nameof(string.Compare) when parameters is [_, _]:
                    return Expression.Call(CompareWithComparison, node.Arguments[0], node.Arguments[1], Ordinal);
                case nameof(string.Compare) when parameters is [_, _, var flag] && flag == typeof(bool):
                    return Expression.Call(CompareWithComparison, node.Arguments[0], node.Arguments[1],
                        Expression.Condition(node.Arguments[2], OrdinalIgnoreCase, Ordinal));
            }
        }

        if (method.DeclaringType == typeof(Enumerable) && method.Name is nameof(Enumerable.Min) or nameof(Enumerable.Max)
            && method.ReturnType == typeof(string))
        {
            var target = method.Name == nameof(Enumerable.Min) ? MinWithComparer : MaxWithComparer;
            switch (node.Arguments.Count)
            {
                case 1:
                    return Expression.Call(target, node.Arguments[0], OrdinalComparer);
                case 2 when method.GetGenericArguments() is [var source, _]:
                    var projected = Expression.Call(Select.MakeGenericMethod(source, typeof(string)), node.Arguments[0], node.Arguments[1]);
                    return Expression.Call(target, projected, OrdinalComparer);
            }
        }

        return node;
    }
}
