using System.Collections;
using Compliance.Verdicts;

namespace Compliance.Cli.Output;

/// <summary>Verdicts counted as a report format reads them: the one place the formats count outcomes, each verdict
/// added to a <see cref="VerdictSummary"/> as it is handed out. Enumerate once.</summary>
internal sealed class CountedVerdicts(IEnumerable<Verdict> verdicts) : IEnumerable<Verdict>
{
    /// <summary>The verdicts handed out so far, counted.</summary>
    public VerdictSummary Summary { get; private set; } = VerdictSummary.Empty;

    public IEnumerator<Verdict> GetEnumerator()
    {
        foreach (var verdict in verdicts)
        {
            Summary = Summary.Add(verdict.Outcome);
            yield return verdict;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
