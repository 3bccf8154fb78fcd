namespace Compliance.Verdicts;

/// <summary>How many subjects were judged, and how many had each outcome.</summary>
/// <remarks>Immutable; <see cref="Add"/> and <see cref="Plus"/> return a new summary. Every count of outcomes in the
/// libraries and the command line is made here.</remarks>
public sealed record VerdictSummary
{
    /// <summary>The summary of no verdicts.</summary>
    public static VerdictSummary Empty { get; } = new();

    /// <summary>How many subjects were judged.</summary>
    public int Subjects { get; init; }

    /// <summary>How many verdicts are <c>violation</c>.</summary>
    public int Violation { get; init; }

    /// <summary>How many verdicts are <c>indeterminate</c>.</summary>
    public int Indeterminate { get; init; }

    /// <summary>How many verdicts are <c>review</c>.</summary>
    public int Review { get; init; }

    /// <summary>How many verdicts are <c>warning</c>.</summary>
    public int Warning { get; init; }

    /// <summary>How many verdicts are <c>compliant</c>.</summary>
    public int Compliant { get; init; }

    /// <summary>How many verdicts are <c>notApplicable</c>.</summary>
    public int NotApplicable { get; init; }

    /// <summary>How many verdicts have <paramref name="outcome"/>.</summary>
    public int Count(Outcome outcome) => outcome switch
    {
        Outcome.Violation => Violation,
        Outcome.Indeterminate => Indeterminate,
        Outcome.Review => Review,
        Outcome.Warning => Warning,
        Outcome.Compliant => Compliant,
        Outcome.NotApplicable => NotApplicable,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    /// <summary>Whether some verdict's outcome is at least as severe as <paramref name="threshold"/>.</summary>
    public bool AnyAtOrAbove(Outcome threshold)
    {
        foreach (var outcome in Enum.GetValues<Outcome>())
        {
            if (outcome <= threshold && Count(outcome) > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns this summary with one more verdict of <paramref name="outcome"/> counted.</summary>
    public VerdictSummary Add(Outcome outcome) => outcome switch
    {
        Outcome.Violation => this with { Subjects = Subjects + 1, Violation = Violation + 1 },
        Outcome.Indeterminate => this with { Subjects = Subjects + 1, Indeterminate = Indeterminate + 1 },
        Outcome.Review => this with { Subjects = Subjects + 1, Review = Review + 1 },
        Outcome.Warning => this with { Subjects = Subjects + 1, Warning = Warning + 1 },
        Outcome.Compliant => this with { Subjects = Subjects + 1, Compliant = Compliant + 1 },
        Outcome.NotApplicable => this with { Subjects = Subjects + 1, NotApplicable = NotApplicable + 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    /// <summary>The summary of <paramref name="verdicts"/>: how many there are, and how many have each outcome.</summary>
    /// <remarks>Counts in one pass without a summary per verdict; what a batch worker calls on its verdicts.</remarks>
    public static VerdictSummary Of(IEnumerable<Verdict> verdicts)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        Span<int> counts = stackalloc int[OutcomeCount];
        var subjects = 0;
        foreach (var verdict in verdicts)
        {
            subjects++;
            if ((uint)verdict.Outcome >= (uint)OutcomeCount)
            {
                throw new ArgumentOutOfRangeException(nameof(verdicts), verdict.Outcome, "unknown outcome");
            }

            counts[(int)verdict.Outcome]++;
        }

        return new VerdictSummary
        {
            Subjects = subjects,
            Violation = counts[(int)Outcome.Violation],
            Indeterminate = counts[(int)Outcome.Indeterminate],
            Review = counts[(int)Outcome.Review],
            Warning = counts[(int)Outcome.Warning],
            Compliant = counts[(int)Outcome.Compliant],
            NotApplicable = counts[(int)Outcome.NotApplicable],
        };
    }

    /// <summary>Returns the counts of this summary and <paramref name="other"/> together: the summary of two batches.</summary>
    public VerdictSummary Plus(VerdictSummary other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new VerdictSummary
        {
            Subjects = Subjects + other.Subjects,
            Violation = Violation + other.Violation,
            Indeterminate = Indeterminate + other.Indeterminate,
            Review = Review + other.Review,
            Warning = Warning + other.Warning,
            Compliant = Compliant + other.Compliant,
            NotApplicable = NotApplicable + other.NotApplicable,
        };
    }

    private static readonly int OutcomeCount = Enum.GetValues<Outcome>().Length;
}
