using Compliance.Evaluation;
using Compliance.Model;
using Compliance.Subjects;
using Compliance.Telemetry;
using Compliance.Verdicts;

namespace Compliance;

/// <summary>A loaded, compiled set of contracts, clauses and waivers, ready to judge subjects.</summary>
/// <remarks>Immutable and thread-safe: evaluate from any number of threads. Evaluation is synchronous,
/// reads no files and no clock (unless no date is known, when it asks <see cref="EvaluationOptions.TimeProvider"/>).
/// Load one with <c>Compliance.Rules.RuleSetLoader</c>. Each evaluation is counted and traced under
/// <see cref="ComplianceTelemetry.MeterName"/> when, and only when, something listens.</remarks>
public sealed class RuleSet
{
    private readonly Evaluator _evaluator;

    internal RuleSet(IReadOnlyList<Contract> contracts, IReadOnlyList<Waiver> waivers, SubjectKindRegistry kinds)
    {
        Contracts = contracts;
        Clauses = contracts.SelectMany(c => c.Clauses).ToArray();
        Waivers = waivers;
        Kinds = kinds;
        _evaluator = new Evaluator(this);
    }

    /// <summary>The contracts, in load order (files sorted by path).</summary>
    public IReadOnlyList<Contract> Contracts { get; }

    /// <summary>Every clause of every contract, in load order.</summary>
    public IReadOnlyList<Clause> Clauses { get; }

    /// <summary>The waivers.</summary>
    public IReadOnlyList<Waiver> Waivers { get; }

    /// <summary>The subject kinds the rules were checked against.</summary>
    public SubjectKindRegistry Kinds { get; }

    /// <summary>Finds a clause by its qualified id (<c>contract/clause</c>).</summary>
    public Clause? FindClause(string qualifiedId) => Clauses.FirstOrDefault(c => c.Id == qualifiedId);

#pragma warning disable RS0026 // Two overloads with an optional `options`: they differ in the first parameter's type
                               // (a subject made in code, or one read from an input), so no call is ambiguous, and no
                               // earlier version shipped without the optional parameter.
    /// <summary>Judges a subject made in code, such as a <see cref="CallSubject"/>.</summary>
    /// <param name="subject">The subject; its CLR type must be a registered kind.</param>
    /// <param name="options">The date, tracing and clock; <see langword="null"/> for <see cref="EvaluationOptions.Default"/>.</param>
    public Verdict Evaluate(object subject, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return ComplianceTelemetry.Evaluate(_evaluator, SubjectInput.From(subject), options ?? EvaluationOptions.Default);
    }

    /// <summary>Judges a subject read from an input; one that could not be read is <c>indeterminate</c>.</summary>
    public Verdict Evaluate(SubjectInput input, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return ComplianceTelemetry.Evaluate(_evaluator, input, options ?? EvaluationOptions.Default);
    }
#pragma warning restore RS0026

    /// <summary>Judges many subjects in parallel, yielding verdicts lazily in input order.</summary>
    /// <remarks>Streams: inputs are read as verdicts are consumed (a few chunks of 64 ahead at most), so a long batch is never
    /// held in memory. An exception from enumerating <paramref name="inputs"/> is thrown as itself, after the verdicts of the
    /// inputs read before it.</remarks>
    public IEnumerable<Verdict> EvaluateMany(IEnumerable<SubjectInput> inputs, EvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var effective = options ?? EvaluationOptions.Default;
        return OrderedParallel.Map(inputs, input => Evaluate(input, effective), effective.MaxDegreeOfParallelism,
            BatchChunkSize, cancellationToken);
    }

    /// <summary>How many subjects a batch worker takes at a time: enough to keep the hand-over cheap, few enough that the
    /// first verdicts come soon.</summary>
    internal const int BatchChunkSize = 64;

    /// <summary>Judges a subject visiting every clause of its kind, without the clause index; for tests that compare the two.</summary>
    internal Verdict EvaluateWithoutIndex(SubjectInput input, EvaluationOptions? options = null) =>
        (_fullScan ??= _evaluator.WithoutIndex()).Evaluate(input, options ?? EvaluationOptions.Default);

    private Evaluator? _fullScan;
}
