using Compliance.Verdicts;

namespace Compliance.Evaluation;

/// <summary>One batch of a batch run, judged by a worker: its verdicts in input order, their counts, and what the run's
/// encoder made of them on the same worker (see <see cref="RuleSet.EvaluateBatches{TEncoded}"/>).</summary>
/// <typeparam name="TEncoded">What the encoder returns, such as <see cref="VerdictLines"/>.</typeparam>
/// <remarks>Immutable, as far as <typeparamref name="TEncoded"/> is.</remarks>
public sealed class JudgedBatch<TEncoded>
{
    internal JudgedBatch(IReadOnlyList<Verdict> verdicts, VerdictSummary summary, TEncoded encoded)
    {
        Verdicts = verdicts;
        Summary = summary;
        Encoded = encoded;
    }

    /// <summary>The verdicts, one a subject, in input order.</summary>
    public IReadOnlyList<Verdict> Verdicts { get; }

    /// <summary>How many verdicts there are, and how many have each outcome.</summary>
    public VerdictSummary Summary { get; }

    /// <summary>What the encoder made of <see cref="Verdicts"/>.</summary>
    public TEncoded Encoded { get; }
}
