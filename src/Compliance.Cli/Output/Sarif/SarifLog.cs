using System.Text.Json.Serialization;

namespace Compliance.Cli.Output.Sarif;

// The part of SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/) the tool writes: one run of the
// `compliance` driver, its rules, and results located in files. Property names are the standard's; properties
// left null are not written. Shared by every command that writes SARIF.

/// <summary>The SARIF document: <c>$schema</c>, <c>version</c> and the runs.</summary>
internal sealed record SarifLog
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    [JsonPropertyName("$schema")]
    public string Schema { get; init; } = SchemaUri;

    public string Version { get; init; } = "2.1.0";

    public required IReadOnlyList<SarifRun> Runs { get; init; }
}

/// <summary>One run of the tool: who ran and what it found.</summary>
internal sealed record SarifRun
{
    public required SarifTool Tool { get; init; }

    public required IReadOnlyList<SarifResult> Results { get; init; }
}

/// <summary>The tool that produced the run.</summary>
internal sealed record SarifTool
{
    public required SarifDriver Driver { get; init; }
}

/// <summary>The tool's driver: the <c>compliance</c> command line, its version, and the rules its results refer to.</summary>
internal sealed record SarifDriver
{
    public string Name { get; init; } = ToolInfo.Name;

    public string Version { get; init; } = ToolInfo.Version;

    public string? InformationUri { get; init; } = ToolInfo.InformationUri;

    public required IReadOnlyList<SarifRule> Rules { get; init; }
}

/// <summary>A rule (a reporting descriptor): what a result's <c>ruleId</c> refers to.</summary>
internal sealed record SarifRule
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public SarifMessage? ShortDescription { get; init; }

    public SarifMessage? FullDescription { get; init; }

    public string? HelpUri { get; init; }

    public IReadOnlyDictionary<string, object?>? Properties { get; init; }
}

/// <summary>One finding: the rule it breaks, how serious it is, what it says, and where.</summary>
internal sealed record SarifResult
{
    public required string RuleId { get; init; }

    public int? RuleIndex { get; init; }

    /// <summary>One of <see cref="SarifLevel"/>.</summary>
    public required string Level { get; init; }

    public required SarifMessage Message { get; init; }

    public required IReadOnlyList<SarifLocation> Locations { get; init; }

    public IReadOnlyList<SarifLocation>? RelatedLocations { get; init; }

    public IReadOnlyDictionary<string, object?>? Properties { get; init; }
}

/// <summary>The values of <c>result.level</c>.</summary>
internal static class SarifLevel
{
    public const string Error = "error";
    public const string Warning = "warning";
    public const string Note = "note";
    public const string None = "none";
}

/// <summary>A plain-text message.</summary>
internal sealed record SarifMessage(string Text);

/// <summary>A location: a place in a file, with an optional id (for related locations) and message.</summary>
internal sealed record SarifLocation
{
    public int? Id { get; init; }

    public required SarifPhysicalLocation PhysicalLocation { get; init; }

    public SarifMessage? Message { get; init; }

    /// <summary>A location at a file's line and, when known, column.</summary>
    public static SarifLocation At(string path, int line, int? column = null, SarifMessage? message = null, int? id = null) => new()
    {
        Id = id,
        PhysicalLocation = new SarifPhysicalLocation
        {
            ArtifactLocation = new SarifArtifactLocation { Uri = SarifUri.FromPath(path) },
            Region = new SarifRegion { StartLine = Math.Max(1, line), StartColumn = column is { } c ? Math.Max(1, c) : null },
        },
        Message = message,
    };
}

/// <summary>A file and a region in it.</summary>
internal sealed record SarifPhysicalLocation
{
    public required SarifArtifactLocation ArtifactLocation { get; init; }

    public SarifRegion? Region { get; init; }
}

/// <summary>A file, by URI: relative to the directory the tool ran in, or absolute (<c>file:///...</c>) when outside it.</summary>
internal sealed record SarifArtifactLocation
{
    public required string Uri { get; init; }

    public string? UriBaseId { get; init; }
}

/// <summary>1-based line and column.</summary>
internal sealed record SarifRegion
{
    public required int StartLine { get; init; }

    public int? StartColumn { get; init; }
}
