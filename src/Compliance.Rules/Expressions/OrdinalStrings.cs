using System.Linq.Expressions;
using System.Reflection;

namespace Compliance.Rules.Expressions;

/// <summary>The text methods an expression may call, decided by the overload the parser resolved, and the rewrite that
/// makes each ordinal or invariant: the same rule and subject give the same verdict on every machine.
/// <c>StartsWith</c>/<c>EndsWith</c> compare ordinally, <c>ToLower</c>/<c>ToUpper</c> use the invariant culture,
/// <c>string.Compare</c> (and so <c>&lt;</c> on text) and <c>Min</c>/<c>Max</c> over text order ordinally.</summary>
/// <remarks>Culture-aware comparison also ignores characters such as the soft hyphen and zero-width joiner, so without
/// this rewrite a subject could make <c>"\u00ADus-east".StartsWith("us-")</c> true. An overload that takes a culture
/// (<c>StartsWith(text, ignoreCase, culture)</c>, <c>ToUpper(culture)</c>) is refused by <see cref="ExpressionAllowList"/>
/// through <see cref="Check"/>, and so is a <see cref="StringComparison"/> argument that is not the constant
/// <c>Ordinal</c> or <c>OrdinalIgnoreCase</c> (a cast integer, a conditional): what reaches <see cref="Rewrite"/> is
/// ordinal once rewritten, and <see cref="Rewrite"/> throws on anything else rather than compile it.</remarks>
internal sealed class OrdinalStrings : ExpressionVisitor
{
    private static readonly MethodInfo StartsWith = Method(nameof(string.StartsWith), typeof(string), typeof(StringComparison));
    private static readonly MethodInfo EndsWith = Method(nameof(string.EndsWith), typeof(string), typeof(StringComparison));
    private static readonly MethodInfo ToLowerInvariant = Method(nameof(string.ToLowerInvariant));
    private static readonly MethodInfo ToUpperInvariant = Method(nameof(string.ToUpperInvariant));
    private static readonly MethodInfo CompareWithComparison = Method(nameof(string.Compare), typeof(string), typeof(string), typeof(StringComparison));
    private static readonly MethodInfo MinWithComparer = ComparerOverload(nameof(Enumerable.Min));
    private static readonly MethodInfo MaxWithComparer = ComparerOverload(nameof(Enumerable.Max));
    private static readonly MethodInfo Select = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Select) && m.GetParameters()[1].ParameterType.GetGenericArguments().Length == 2);

    private static readonly Expression Ordinal = Expression.Constant(StringComparison.Ordinal);
    private static readonly Expression OrdinalIgnoreCase = Expression.Constant(StringComparison.OrdinalIgnoreCase);
    private static readonly Expression OrdinalComparer = Expression.Constant(StringComparer.Ordinal, typeof(IComparer<string>));

    /// <summary>Overloads that are ordinal or invariant as they stand.</summary>
    private static readonly HashSet<MethodInfo> AlreadyOrdinal =
    [
        Method(nameof(string.StartsWith), typeof(char)),
        Method(nameof(string.EndsWith), typeof(char)),
        Method(nameof(string.Contains), typeof(string)),
        Method(nameof(string.Contains), typeof(char)),
        Method(nameof(string.Equals), typeof(string)),
        ToLowerInvariant,
        ToUpperInvariant,
        Method(nameof(string.Trim)),
        Method(nameof(string.Trim), typeof(char)),
        Method(nameof(string.IsNullOrEmpty), typeof(string)),
        Method(nameof(string.IsNullOrWhiteSpace), typeof(string)),
        Method(nameof(string.Equals), typeof(string), typeof(string)),
        Method(nameof(string.Concat), typeof(string), typeof(string)),
        Method(nameof(string.Concat), typeof(string), typeof(string), typeof(string)),
        Method(nameof(string.Concat), typeof(string), typeof(string), typeof(string), typeof(string)),
        Method(nameof(ToString)),
    ];

    /// <summary>Overloads that use the current culture, and are rewritten to their ordinal or invariant form.</summary>
    private static readonly HashSet<MethodInfo> Rewritten =
    [
        Method(nameof(string.StartsWith), typeof(string)),
        Method(nameof(string.EndsWith), typeof(string)),
        Method(nameof(string.ToLower)),
        Method(nameof(string.ToUpper)),
        Method(nameof(string.Compare), typeof(string), typeof(string)),
        Method(nameof(string.Compare), typeof(string), typeof(string), typeof(bool)),
    ];

    /// <summary>Overloads that take a <see cref="StringComparison"/> (their last parameter), allowed when it is written as
    /// the constant <c>Ordinal</c> or <c>OrdinalIgnoreCase</c>.</summary>
    private static readonly HashSet<MethodInfo> WithComparison =
    [
        StartsWith,
        EndsWith,
        Method(nameof(string.Contains), typeof(string), typeof(StringComparison)),
        Method(nameof(string.Contains), typeof(char), typeof(StringComparison)),
        Method(nameof(string.Equals), typeof(string), typeof(StringComparison)),
        Method(nameof(string.Equals), typeof(string), typeof(string), typeof(StringComparison)),
        CompareWithComparison,
    ];

    private static MethodInfo Method(string name, params Type[] parameters) =>
        typeof(string).GetMethod(name, BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance, parameters)
        ?? throw new InvalidOperationException($"string.{name} has no overload ({string.Join(", ", parameters.Select(p => p.Name))})");

    private static MethodInfo ComparerOverload(string name) => typeof(Enumerable).GetMethods()
        .Single(m => m.Name == name && m.IsGenericMethodDefinition && m.GetGenericArguments().Length == 1 && m.GetParameters().Length == 2
            && m.GetParameters()[1].ParameterType.IsGenericType && m.GetParameters()[1].ParameterType.GetGenericTypeDefinition() == typeof(IComparer<>))
        .MakeGenericMethod(typeof(string));

    /// <summary>Whether the parser's choice of text method may be called; the refused construct, described for the user, when not.</summary>
    public static string? Check(MethodCallExpression call)
    {
        var method = call.Method;
        if (AlreadyOrdinal.Contains(method) || Rewritten.Contains(method))
        {
            return null;
        }

        var name = method.IsStatic ? $"String.{method.Name}" : method.Name;
        if (WithComparison.Contains(method))
        {
            return call.Arguments[^1] is ConstantExpression { Value: StringComparison.Ordinal or StringComparison.OrdinalIgnoreCase }
                ? null
                : "a `StringComparison` that is not written as `StringComparison.Ordinal` or `StringComparison.OrdinalIgnoreCase`";
        }

        // Every other `Compare` compares part of a text under the current culture.
        var cultural = method.Name == nameof(string.Compare)
            || method.GetParameters().Any(p => p.ParameterType == typeof(System.Globalization.CultureInfo) || p.ParameterType == typeof(IFormatProvider)
                || p.ParameterType == typeof(System.Globalization.CompareOptions));
        return cultural
            ? $"the culture-dependent form of `{name}` (text is compared ordinally: drop the culture argument, or pass `StringComparison.Ordinal` or `StringComparison.OrdinalIgnoreCase`)"
            : $"the method `{name}`";
    }

    /// <summary>Whether a text method is one that compiles as it stands (after <see cref="Rewrite"/>).</summary>
    public static bool IsOrdinal(MethodInfo method) => AlreadyOrdinal.Contains(method) || WithComparison.Contains(method);

    public static Expression Rewrite(Expression expression) => new OrdinalStrings().Visit(expression);

    protected override Expression VisitMethodCall(MethodCallExpression call)
    {
        var node = (MethodCallExpression)base.VisitMethodCall(call);
        var method = node.Method;
        if (method.DeclaringType == typeof(string))
        {
            return Ordinalise(node);
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

    private static Expression Ordinalise(MethodCallExpression node)
    {
        var method = node.Method;
        var parameters = method.GetParameters().Select(p => p.ParameterType).ToArray();
        if (Rewritten.Contains(method))
        {
            switch (method.Name)
            {
                case nameof(string.StartsWith):
                    return Expression.Call(node.Object, StartsWith, node.Arguments[0], Ordinal);
                case nameof(string.EndsWith):
                    return Expression.Call(node.Object, EndsWith, node.Arguments[0], Ordinal);
                case nameof(string.ToLower):
                    return Expression.Call(node.Object, ToLowerInvariant);
                case nameof(string.ToUpper):
                    return Expression.Call(node.Object, ToUpperInvariant);
                case nameof(string.Compare) when parameters is [_, _]:
                    return Expression.Call(CompareWithComparison, node.Arguments[0], node.Arguments[1], Ordinal);
                case nameof(string.Compare) when parameters is [_, _, var flag] && flag == typeof(bool):
                    return Expression.Call(CompareWithComparison, node.Arguments[0], node.Arguments[1],
                        Expression.Condition(node.Arguments[2], OrdinalIgnoreCase, Ordinal));
            }
        }

        // The allow-list has refused everything else; this is the last line, so that no culture-dependent overload is
        // ever compiled, whatever a later change to the allow-list lets through.
        if (!IsOrdinal(method) || (WithComparison.Contains(method) && Check(node) is not null))
        {
            throw new InvalidOperationException($"the text method `{method}` is not ordinal and has no ordinal rewrite");
        }

        return node;
    }
}
