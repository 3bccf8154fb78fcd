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

    /// <summary>The evaluator, for explaining a clause's steps (<see cref="Conditions.ConditionExplainer.ExplainClause"/>).</summary>
    internal Evaluator Evaluator => _evaluator;

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

#pragma warning disable RS0026 // Two overloads with optional `options` and `cancellationToken`: one takes an encoder and
                               // the other does not, so no call is ambiguous; both keep the parameters in the order of
                               // `EvaluateMany`.
    /// <summary>Judges batches of subjects in parallel (parsing raw input on the workers), yielding the verdicts lazily in
    /// input order.</summary>
    /// <param name="batches">The batches, such as <c>SubjectReader.ReadBatches</c> reads; enumerated lazily, never twice.</param>
    /// <param name="options">The date, tracing, clock and <see cref="EvaluationOptions.MaxDegreeOfParallelism"/>;
    /// <see langword="null"/> for <see cref="EvaluationOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops the workers; the enumeration then throws <see cref="OperationCanceledException"/>.</param>
    /// <remarks>The same run as <see cref="EvaluateBatches{TEncoded}"/>, without an encoder.</remarks>
    public IEnumerable<Verdict> EvaluateBatches(IEnumerable<SubjectBatch> batches, EvaluationOptions? options = null,
        CancellationToken cancellationToken = default) =>
        EvaluateBatches(batches, NotEncoded, options, cancellationToken).SelectMany(static batch => batch.Verdicts);

    /// <summary>Judges batches of subjects in parallel and encodes each batch's verdicts on the worker that judged them,
    /// yielding the judged batches lazily in input order: the pipeline of <c>compliance check</c>.</summary>
    /// <typeparam name="TEncoded">What <paramref name="encode"/> makes of a batch's verdicts.</typeparam>
    /// <param name="batches">The batches, such as <c>SubjectReader.ReadBatches</c> reads; enumerated lazily, never twice,
    /// by one worker at a time.</param>
    /// <param name="encode">Encodes one batch's verdicts, such as <see cref="VerdictJsonWriter.Encode"/>; called on the
    /// worker threads, at the same time for different batches.</param>
    /// <param name="options">The date, tracing, clock and <see cref="EvaluationOptions.MaxDegreeOfParallelism"/> (1 judges
    /// on the consuming thread); <see langword="null"/> for <see cref="EvaluationOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops the workers; the enumeration then throws <see cref="OperationCanceledException"/>.</param>
    /// <remarks>Streams: at most four batches a worker are read ahead of the consumer, so a long input is never held in
    /// memory. Each worker takes the next batch, reads it (<see cref="SubjectBatch.Read"/>), judges its subjects, counts
    /// the outcomes and encodes the verdicts; the consumer gets the batches in input order and only writes them out. An
    /// exception from reading, judging or encoding is thrown as itself, in its place, after the batches before it.</remarks>
    public IEnumerable<JudgedBatch<TEncoded>> EvaluateBatches<TEncoded>(IEnumerable<SubjectBatch> batches,
        Func<IReadOnlyList<Verdict>, TEncoded> encode, EvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(encode);
        var effective = options ?? EvaluationOptions.Default;
        return OrderedParallel.Map(batches, batch => Judge(batch, encode, effective), effective.MaxDegreeOfParallelism,
            chunkSize: 1, cancellationToken);
    }
#pragma warning restore RS0026

    private JudgedBatch<TEncoded> Judge<TEncoded>(SubjectBatch batch, Func<IReadOnlyList<Verdict>, TEncoded> encode, EvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var inputs = batch.Read();
        var verdicts = new Verdict[inputs.Count];
        for (var i = 0; i < verdicts.Length; i++)
        {
            verdicts[i] = ComplianceTelemetry.Evaluate(_evaluator, inputs[i], options);
        }

        var judged = ReadOnlyArray<Verdict>.Own(verdicts);
        return new JudgedBatch<TEncoded>(judged, VerdictSummary.Of(judged), encode(judged));
    }

    private static readonly Func<IReadOnlyList<Verdict>, bool> NotEncoded = static _ => false;

    /// <summary>How many subjects a batch worker takes at a time: enough to keep the hand-over cheap, few enough that the
    /// first verdicts come soon.</summary>
    internal const int BatchChunkSize = 64;

    /// <summary>Judges a subject visiting every clause of its kind, without the clause index; for tests that compare the two.</summary>
    internal Verdict EvaluateWithoutIndex(SubjectInput input, EvaluationOptions? options = null) =>
        (_fullScan ??= _evaluator.WithoutIndex()).Evaluate(input, options ?? EvaluationOptions.Default);

    private Evaluator? _fullScan;
}
