using Compliance.Verdicts;

namespace Compliance.NUnit;

/// <summary>Holds when a verdict's outcome is the expected one: <c>Is.Compliant</c>, <c>Is.Outcome(Outcome.Review)</c>.</summary>
public sealed class OutcomeConstraint : VerdictConstraint
{
    /// <summary>Creates the constraint.</summary>
    /// <param name="expected">The outcome the verdict must have.</param>
    public OutcomeConstraint(Outcome expected)
        : base($"outcome {VerdictNames.Name(expected)}", expected)
    {
        Expected = expected;
    }

    /// <summary>The outcome the verdict must have.</summary>
    public Outcome Expected { get; }

    /// <inheritdoc/>
    protected override bool Matches(Verdict verdict) => verdict.Outcome == Expected;
}

/// <summary>Holds when a verdict's outcome is less severe than a threshold, as <c>compliance check --fail-on</c> judges:
/// <c>Is.LessSevereThan(Outcome.Review)</c> passes warnings, compliant and not-applicable verdicts.</summary>
public sealed class SeverityConstraint : VerdictConstraint
{
    /// <summary>Creates the constraint.</summary>
    /// <param name="threshold">The least severe outcome that fails.</param>
    public SeverityConstraint(Outcome threshold)
        : base($"an outcome less severe than {VerdictNames.Name(threshold)}", threshold)
    {
        Threshold = threshold;
    }

    /// <summary>The least severe outcome that fails.</summary>
    public Outcome Threshold { get; }

    /// <inheritdoc/>
    protected override bool Matches(Verdict verdict) => !verdict.IsAtOrAbove(Threshold);
}
