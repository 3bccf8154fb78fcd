using Compliance.Evaluation;
using Compliance.Verdicts;

namespace Compliance.Cli.Output;

/// <summary>What <c>check</c> hands a report format: the inputs' batches, judged through the library's one batch pipeline
/// (<see cref="RuleSet.EvaluateBatches{TEncoded}"/>) the way the format asks, as verdicts one at a time or as batches its
/// encoder has written on the workers; each verdict is counted in the progress line and added to the job summary as it
/// passes.</summary>
internal sealed class CheckRun(RuleSet rules, IEnumerable<SubjectBatch> batches, EvaluationOptions options)
{
    /// <summary>The progress line on standard error; <see langword="null"/> for none.</summary>
    public ProgressLine? Progress { get; init; }

    /// <summary>The Markdown summary <c>--step-summary</c> appends; <see langword="null"/> for none.</summary>
    public MarkdownFormat? StepSummary { get; init; }

    /// <summary>The batches, judged and encoded by the workers, in input order.</summary>
    public IEnumerable<JudgedBatch<TEncoded>> Judge<TEncoded>(Func<IReadOnlyList<Verdict>, TEncoded> encode)
    {
        var judged = rules.EvaluateBatches(batches, encode, options);
        if (StepSummary is { } summary)
        {
            judged = judged.Select(batch =>
            {
                foreach (var verdict in batch.Verdicts)
                {
                    summary.Add(verdict);
                }

                return batch;
            });
        }

        return Progress is null ? judged : Progress.Track(judged, static batch => batch.Verdicts.Count);
    }

    /// <summary>The verdicts, one at a time, in input order.</summary>
    public IEnumerable<Verdict> Verdicts()
    {
        var verdicts = rules.EvaluateBatches(batches, options);
        if (Progress is not null)
        {
            verdicts = Progress.Track(verdicts);
        }

        if (StepSummary is { } summary)
        {
            verdicts = verdicts.Select(verdict =>
            {
                summary.Add(verdict);
                return verdict;
            });
        }

        return verdicts;
    }
}
