using System.Text.Json;
using Compliance.Rules.Diagnostics;

namespace Compliance.Rules.Tests.Security;

/// <summary>Rule files with one probe clause, for the security tests.</summary>
internal static class Probe
{
    /// <summary>The line and column where <see cref="Expression"/> puts the expression's text.</summary>
    public const int ExpressionLine = 12;

    public const int ExpressionColumn = 19;

    public static readonly DateOnly AsOf = new(2026, 3, 1);

    /// <summary>A contract whose one clause, on <paramref name="kind"/>, requires the expression.</summary>
    public static string Expression(string expression, string kind = "deployment") => $"""
        apiVersion: compliance/v1
        contract:
          id: acme
          title: Acme
          parties: [Acme, Contoso]
        clauses:
          - id: probe
            title: Probe
            text: The probe clause.
            appliesTo: {kind}
            require:
              expression: {JsonSerializer.Serialize(expression)}
        """;

    /// <summary>A contract whose one clause, on <paramref name="kind"/>, requires the condition (YAML flow map text).</summary>
    public static string Condition(string condition, string kind = "call") => $"""
        apiVersion: compliance/v1
        contract:
          id: acme
          title: Acme
          parties: [Acme, Contoso]
        clauses:
          - id: probe
            title: Probe
            text: The probe clause.
            appliesTo: {kind}
            require: {condition}
        """;

    public static LoadResult Load(string text, RuleSetLoaderOptions? options = null) =>
        new RuleSetLoader(options).LoadStrings([new RuleSource("rules/probe.yaml", text)]);

    public static string Describe(LoadResult result) => string.Join("\n", result.Diagnostics);

    public static Diagnostic SingleError(LoadResult result)
    {
        var errors = result.Errors.ToArray();
        if (errors.Length != 1)
        {
            throw new InvalidOperationException($"expected one error, got {errors.Length}:\n{Describe(result)}");
        }

        return errors[0];
    }
}
