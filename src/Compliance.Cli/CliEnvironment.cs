namespace Compliance.Cli;

/// <summary>What the command line knows of the console it runs in, and the clock it reads for progress.</summary>
/// <remarks>Passed in, not read from <see cref="Console"/>, so that tests decide what is a terminal.</remarks>
public sealed record CliEnvironment
{
    /// <summary>No terminal anywhere and the system clock: what tests and redirected runs see.</summary>
    public static CliEnvironment Default { get; } = new();

    /// <summary>Whether standard error is a terminal. The default is <see langword="false"/>.</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>Whether standard output is a terminal. The default is <see langword="false"/>.</summary>
    public bool OutputIsTerminal { get; init; }

    /// <summary>Whether the environment turns colour off, as <c>NO_COLOR</c> (set and not empty) or <c>TERM=dumb</c> do;
    /// <c>--no-color</c> does the same for one run. The default is <see langword="false"/>: colour on a terminal.</summary>
    public bool NoColor { get; init; }

    /// <summary>The clock that progress is timed by, and that says what day "today" is for a subject without a timestamp.
    /// The default is <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The GitHub Actions job summary file (<c>GITHUB_STEP_SUMMARY</c>) that <c>check --step-summary</c>
    /// appends to; <see langword="null"/> outside GitHub Actions. The default is <see langword="null"/>.</summary>
    public string? StepSummaryPath { get; init; }

    /// <summary>The environment of this process: which of its standard streams are terminals, whether <c>NO_COLOR</c>
    /// or <c>TERM=dumb</c> turns colour off, and the job summary file.</summary>
    public static CliEnvironment FromConsole() => new()
    {
        ErrorIsTerminal = !Console.IsErrorRedirected,
        OutputIsTerminal = !Console.IsOutputRedirected,
        NoColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
            || string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal),
        StepSummaryPath = Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } path ? path : null,
    };
}
