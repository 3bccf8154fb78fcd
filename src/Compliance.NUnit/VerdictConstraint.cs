using Compliance.Verdicts;
using NUnit.Framework.Constraints;

namespace Compliance.NUnit;

/// <summary>The base of the constraints on a <see cref="Verdict"/>: checks the actual value's type and writes the verdict,
/// with the clauses that matter, as the "But was" of a failure.</summary>
public abstract class VerdictConstraint : Constraint
{
    /// <summary>Creates the constraint.</summary>
    /// <param name="description">What is expected, as the "Expected" line of a failure shows it.</param>
    /// <param name="arguments">The arguments shown in the constraint's display name.</param>
    protected VerdictConstraint(string description, params object?[] arguments)
        : base(arguments)
    {
        Description = description;
    }

    /// <summary>What is expected, as the "Expected" line of a failure shows it.</summary>
    public sealed override string Description { get; }

    /// <summary>Applies the constraint to a verdict.</summary>
    /// <exception cref="ArgumentException">The actual value is not a <see cref="Verdict"/>.</exception>
    public override ConstraintResult ApplyTo<TActual>(TActual actual)
    {
        if (actual is not Verdict verdict)
        {
            throw new ArgumentException($"the actual value must be a `Verdict`, not {(actual is null ? "null" : $"a `{actual.GetType().Name}`")}", nameof(actual));
        }

        return new VerdictConstraintResult(this, verdict, Matches(verdict));
    }

    /// <summary>Whether the verdict satisfies the constraint.</summary>
    protected abstract bool Matches(Verdict verdict);

    /// <summary>Writes the verdict as a failure shows it; by default its outcome and the clauses that failed or, when none did,
    /// those that applied.</summary>
    protected internal virtual void WriteActual(Verdict verdict, TextWriter writer) => VerdictText.Write(verdict, writer);

    private sealed class VerdictConstraintResult(VerdictConstraint constraint, Verdict verdict, bool matches)
        : ConstraintResult(constraint, verdict, matches)
    {
        public override void WriteActualValueTo(MessageWriter writer)
        {
            using var text = new StringWriter { NewLine = "\n" };
            constraint.WriteActual(verdict, text);
            writer.Write(text.ToString());
        }
    }
}
