namespace Compliance.Rules.Diffing;

/// <summary>The texts of what a diff says about clauses it could not analyse.</summary>
internal static class DiffMessages
{
    public const string BudgetSpent = "the analysis's budget was spent before this clause (raise `MaxSearchSteps` or `StepsPerConditionNode`)";
}
