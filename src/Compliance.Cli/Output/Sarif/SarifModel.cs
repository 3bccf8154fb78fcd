namespace Compliance.Cli.Output.Sarif;

/// <summary>A SARIF result's or rule's level.</summary>
internal enum SarifLevel
{
    /// <summary><c>none</c>: not a problem.</summary>
    None,

    /// <summary><c>note</c>: worth knowing.</summary>
    Note,

    /// <summary><c>warning</c>: a problem that may need attention.</summary>
    Warning,

    /// <summary><c>error</c>: a serious problem.</summary>
    Error,
}

/// <summary>The tool that made a run: SARIF's <c>tool.driver</c>, without its rules.</summary>
/// <param name="Name">The tool's name.</param>
/// <param name="SemanticVersion">The tool's version (also written as <c>version</c>).</param>
/// <param name="InformationUri">The tool's home page.</param>
internal sealed record SarifTool(string Name, string SemanticVersion, string InformationUri)
{
    /// <summary>The name with the version and what the tool does (<c>tool.driver.fullName</c>); <see langword="null"/> to leave it out.</summary>
    public string? FullName { get; init; }
}

/// <summary>What the run is: SARIF's <c>run.automationDetails.id</c>, whose part before the last <c>/</c> GitHub code scanning
/// reads as the analysis category (uploads of one category replace each other's alerts; of two categories, they do not).</summary>
/// <param name="Id">The id, as <c>category/</c>.</param>
internal sealed record SarifAutomation(string Id);

/// <summary>A rule the tool checks: a SARIF <c>reportingDescriptor</c>.</summary>
/// <param name="Id">The stable id results refer to.</param>
internal sealed record SarifRule(string Id)
{
    /// <summary>A readable identifier (<c>AzureStatelessExclusivity</c>).</summary>
    public string? Name { get; init; }

    /// <summary>One line on what the rule is about.</summary>
    public string? ShortDescription { get; init; }

    /// <summary>The rule in full.</summary>
    public string? FullDescription { get; init; }

    /// <summary>How to fix a result of the rule, in plain text.</summary>
    public string? Help { get; init; }

    /// <summary>The help in Markdown (GitHub code scanning shows it instead of the text); <see langword="null"/> to leave it out.</summary>
    public string? HelpMarkdown { get; init; }

    /// <summary>Where the rule is documented.</summary>
    public string? HelpUri { get; init; }

    /// <summary>The level of a result that gives none.</summary>
    public SarifLevel DefaultLevel { get; init; } = SarifLevel.Warning;

    /// <summary>Tags that GitHub code scanning filters alerts by.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>More properties, written as strings in the rule's property bag, in this order; a null value is left out.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Properties { get; init; } = [];
}

/// <summary>A place in a file: a SARIF <c>location</c> with a physical location.</summary>
/// <param name="Uri">The artifact's URI: relative (with forward slashes) to where the tool ran, or absolute.</param>
/// <param name="StartLine">The 1-based line; <see langword="null"/> for the whole file.</param>
/// <param name="StartColumn">The 1-based column; <see langword="null"/> for the whole line.</param>
/// <param name="Message">What is at this place, for a related location.</param>
internal sealed record SarifLocation(string Uri, int? StartLine = null, int? StartColumn = null, string? Message = null);

/// <summary>A problem the tool met that has no place in a file: a SARIF <c>notification</c>, written in the run's
/// invocation (<c>toolExecutionNotifications</c>).</summary>
/// <param name="RuleId">The rule the problem concerns (<c>associatedRule</c>); <see langword="null"/> for none.</param>
/// <param name="Level">The level.</param>
/// <param name="Message">What happened, in plain text.</param>
internal sealed record SarifNotification(string? RuleId, SarifLevel Level, string Message)
{
    /// <summary>What kind of notification it is (<c>descriptor.id</c>); <see langword="null"/> to leave it out.</summary>
    public string? DescriptorId { get; init; }

    /// <summary>The rule's index in the driver's rules; <see langword="null"/> to leave it out.</summary>
    public int? RuleIndex { get; init; }

    /// <summary>More properties, written as strings in the notification's property bag, in this order; a null value is left out.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Properties { get; init; } = [];
}

/// <summary>One finding: a SARIF <c>result</c>.</summary>
/// <param name="RuleId">The rule's id.</param>
/// <param name="Level">The level.</param>
/// <param name="Message">What was found, in plain text.</param>
internal sealed record SarifResult(string RuleId, SarifLevel Level, string Message)
{
    /// <summary>The rule's index in the driver's rules; <see langword="null"/> to leave it out.</summary>
    public int? RuleIndex { get; init; }

    /// <summary>Where the finding is: at least one place (GitHub code scanning refuses a log with a result that has none).</summary>
    public required IReadOnlyList<SarifLocation> Locations { get; init; }

    /// <summary>Other places that explain it (each gets an id, from 0).</summary>
    public IReadOnlyList<SarifLocation> RelatedLocations { get; init; } = [];

    /// <summary>Stable identities of the result across runs (<c>partialFingerprints</c>), by name, in this order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> PartialFingerprints { get; init; } = [];

    /// <summary>More properties, written as strings in the result's property bag, in this order; a null value is left out.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Properties { get; init; } = [];
}
