using Compliance.Rules;

namespace Compliance.Core.Tests.TestSupport;

/// <summary>Builds small rule sets from YAML text.</summary>
internal static class RuleText
{
    /// <summary>A contract document <c>acme</c> holding the given clause items (YAML list items, indented by two).</summary>
    public static string Contract(string clauses, string id = "acme") => $"""
        apiVersion: compliance/v1
        contract:
          id: {id}
          title: Acme master agreement
        clauses:
        {clauses}
        """;

    public static RuleSet Load(params string[] files) =>
        new RuleSetLoader().LoadStrings(files.Select((f, i) => new RuleSource($"rules-{i}.yaml", f))) is { RuleSet: { } rules }
            ? rules
            : throw new RuleSetLoadException(new RuleSetLoader().LoadStrings(files.Select((f, i) => new RuleSource($"rules-{i}.yaml", f))).Diagnostics);
}
