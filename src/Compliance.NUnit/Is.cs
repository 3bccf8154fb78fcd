using Compliance.Verdicts;

namespace Compliance.NUnit;

/// <summary>NUnit's <see cref="global::NUnit.Framework.Is"/>, plus constraints on verdicts: <c>Assert.That(verdict, Is.Compliant)</c>.</summary>
/// <remarks>With <c>using NUnit.Framework;</c> in the same file, say which <c>Is</c> to use: <c>using Is = Compliance.NUnit.Is;</c>.
/// Every member of NUnit's <c>Is</c> still works through this class.</remarks>
public abstract class Is : global::NUnit.Framework.Is
{
    /// <summary>The verdict's outcome is <c>compliant</c>: some clause applied and none was violated.</summary>
    /// <remarks>A <c>notApplicable</c> verdict, where no clause applied, fails: it usually means the subject is not
    /// described the way the rules expect. Use <see cref="LessSevereThan"/> to accept it.</remarks>
    public static OutcomeConstraint Compliant => new(Verdicts.Outcome.Compliant);

    /// <summary>The verdict's outcome is <paramref name="outcome"/>.</summary>
    public static OutcomeConstraint Outcome(Outcome outcome) => new(outcome);

    /// <summary>The verdict's outcome is less severe than <paramref name="threshold"/>, as <c>--fail-on</c> judges.</summary>
    public static SeverityConstraint LessSevereThan(Outcome threshold) => new(threshold);
}

/// <summary>NUnit's <see cref="global::NUnit.Framework.Has"/>, plus constraints on the clauses of a verdict:
/// <c>Assert.That(verdict, Has.Violated("msft-openai/azure-stateless-exclusivity"))</c>.</summary>
/// <remarks>With <c>using NUnit.Framework;</c> in the same file, say which <c>Has</c> to use: <c>using Has = Compliance.NUnit.Has;</c>.</remarks>
public abstract class Has : global::NUnit.Framework.Has
{
    /// <summary>The clause applied to the subject and was violated.</summary>
    /// <param name="clauseId">The qualified clause id, <c>contract/clause</c>.</param>
    public static ClauseConstraint Violated(string clauseId) => new(clauseId, ClauseStatus.Violated);

    /// <summary>The clause applied to the subject; add <see cref="ClauseConstraint.WithStatus"/> to require a status.</summary>
    /// <param name="clauseId">The qualified clause id, <c>contract/clause</c>.</param>
    public static ClauseConstraint Clause(string clauseId) => new(clauseId);
}
