using Compliance.Evaluation;
using Compliance.Verdicts;

namespace Compliance.Hosting;

/// <summary>Judges subjects with the rule set that <see cref="IRuleSetProvider"/> currently serves.</summary>
/// <remarks>Thread-safe and synchronous; logs nothing. Each call reads the current rule set once, so one verdict, or one whole
/// batch, is judged by a single rule set even while a reload swaps in another. While no rule set has loaded
/// (<see cref="RuleSetHealth.Unhealthy"/>), every verdict is <c>indeterminate</c>, with an error that says so: never compliant.</remarks>
public interface IComplianceEvaluator
{
#pragma warning disable RS0026 // As RuleSet.Evaluate: the overloads differ in the first parameter's type, so no call is
                               // ambiguous, and no earlier version shipped without the optional parameter.
    /// <summary>Judges a subject made in code, such as a <c>CallSubject</c>.</summary>
    /// <param name="subject">The subject; its CLR type must be a registered kind.</param>
    /// <param name="options">The date and tracing; <see langword="null"/> for the defaults, with the container's <see cref="TimeProvider"/> if it has one.</param>
    Verdict Evaluate(object subject, EvaluationOptions? options = null);

    /// <summary>Judges a subject read from an input; one that could not be read is <c>indeterminate</c>.</summary>
    /// <param name="input">The subject as read.</param>
    /// <param name="options">The date and tracing; <see langword="null"/> for the defaults.</param>
    Verdict Evaluate(SubjectInput input, EvaluationOptions? options = null);
#pragma warning restore RS0026

    /// <summary>Judges many subjects in parallel with one rule set, yielding verdicts lazily in input order.</summary>
    /// <param name="inputs">The subjects as read.</param>
    /// <param name="options">The date, tracing and parallelism; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Stops the batch.</param>
    IEnumerable<Verdict> EvaluateMany(IEnumerable<SubjectInput> inputs, EvaluationOptions? options = null, CancellationToken cancellationToken = default);
}
