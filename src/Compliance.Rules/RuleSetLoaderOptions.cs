using Compliance.Rules.Yaml;
using Compliance.Subjects;

namespace Compliance.Rules;

/// <summary>Options for loading rule sets. Every property has a safe default.</summary>
public sealed record RuleSetLoaderOptions
{
    /// <summary>The default options.</summary>
    public static RuleSetLoaderOptions Default { get; } = new();

    /// <summary>The subject kinds that <c>appliesTo</c> may name and that paths are checked against.</summary>
    /// <value>The default is <see cref="SubjectKindRegistry.Default"/>: <c>call</c> and <c>deployment</c>.</value>
    public SubjectKindRegistry Kinds { get; init; } = SubjectKindRegistry.Default;

    /// <summary>How long one <c>matches</c> may run before the clause's status becomes <c>error</c>; positive and finite.</summary>
    /// <value>The default is 50 milliseconds.</value>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest <c>matches</c> pattern, in characters; a longer one is an error (<c>CMP0050</c>) at the
    /// pattern. Between 1 and 10,000.</summary>
    /// <value>The default is 1,000.</value>
    public int MaxPatternLength { get; init; } = 1_000;

    /// <summary>The largest value <see cref="MaxPatternLength"/> may take.</summary>
    internal const int MaxPatternLengthLimit = 10_000;

    /// <summary>Limits on file size, nesting depth and scalar length.</summary>
    /// <value>The default is <see cref="YamlLimits.Default"/>.</value>
    public YamlLimits Limits { get; init; } = YamlLimits.Default;

    /// <summary>Whether an error in a <c>tests</c> document stops the rule set from loading, as every other error does.
    /// Set it to <see langword="false"/> where the rules judge and the tests are not run (a production pipeline): the rule set
    /// then loads when only tests documents have errors, the tests documents' diagnostics are set apart in
    /// <see cref="LoadResult.TestDiagnostics"/> instead of <see cref="LoadResult.Diagnostics"/>, and, when one of them is
    /// an error, no test is loaded (<see cref="LoadResult.TestsLoaded"/> is <see langword="false"/>). A file that cannot be read
    /// as YAML or as a document is never a tests document: its error still stops the load.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool TestErrorsStopLoad { get; init; } = true;

    /// <summary>The clock that tells which waivers have expired (a warning).</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The longest regex timeout .NET accepts.</summary>
    internal static readonly TimeSpan MaxRegexTimeout = TimeSpan.FromMilliseconds(int.MaxValue - 1);

    /// <summary>Throws when any option is out of range, naming every problem at once.</summary>
    /// <exception cref="ArgumentException">Some option is out of range.</exception>
    internal void Validate()
    {
        var problems = new List<string>();
        if (Kinds is null)
        {
            problems.Add("RuleSetLoaderOptions.Kinds must not be null");
        }

        if (RegexTimeout <= TimeSpan.Zero || RegexTimeout > MaxRegexTimeout)
        {
            problems.Add($"RuleSetLoaderOptions.RegexTimeout must be positive and at most {MaxRegexTimeout}, not {RegexTimeout}");
        }

        if (MaxPatternLength is < 1 or > MaxPatternLengthLimit)
        {
            problems.Add($"RuleSetLoaderOptions.MaxPatternLength must be between 1 and {MaxPatternLengthLimit}, not {MaxPatternLength}");
        }

        if (Limits is null)
        {
            problems.Add("RuleSetLoaderOptions.Limits must not be null");
        }
        else
        {
            problems.AddRange(Limits.Problems("RuleSetLoaderOptions.Limits"));
        }

        if (TimeProvider is null)
        {
            problems.Add("RuleSetLoaderOptions.TimeProvider must not be null");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), "options");
        }
    }
}
