using Compliance.Rules.Yaml;

namespace Compliance.Rules.Documents;

/// <summary>A contract document as written, before compilation. Locations are kept for every value.</summary>
internal sealed class ContractDocument
{
    public required string File { get; init; }
    public required SourceLocation Location { get; init; }
    public ScalarNode? Id { get; init; }
    public string? Title { get; init; }
    public IReadOnlyList<string> Parties { get; init; } = [];
    public IReadOnlyList<ClauseDocument> Clauses { get; init; } = [];
    public IReadOnlyList<DefinitionDocument> Definitions { get; init; } = [];
}

/// <summary>A defined term as written: exactly one of <see cref="Values"/> or <see cref="Condition"/>.</summary>
internal sealed class DefinitionDocument
{
    public required SourceLocation Location { get; init; }
    public ScalarNode? Id { get; init; }
    public string? Section { get; init; }
    public string? Title { get; init; }
    public string? Text { get; init; }
    public DataNode? Values { get; init; }
    public DataNode? Condition { get; init; }
}

internal sealed class ClauseDocument
{
    public required SourceLocation Location { get; init; }
    public ScalarNode? Id { get; init; }
    public string? Section { get; init; }
    public string? Title { get; init; }
    public string? Text { get; init; }
    public ScalarNode? AppliesTo { get; init; }
    public ScalarNode? From { get; init; }
    public ScalarNode? Until { get; init; }
    public ScalarNode? Through { get; init; }
    public DataNode? When { get; init; }
    public DataNode? Require { get; init; }
    public DataNode? Forbid { get; init; }
    public ScalarNode? Effect { get; init; }
    public ScalarNode? Message { get; init; }
    public string? Remediation { get; init; }
    public IReadOnlyList<ExceptionDocument> Exceptions { get; init; } = [];
    public IReadOnlyList<ScalarNode> Supersedes { get; init; } = [];
}

internal sealed class ExceptionDocument
{
    public required SourceLocation Location { get; init; }
    public ScalarNode? Id { get; init; }
    public string? Reason { get; init; }
    public string? Section { get; init; }
    public DataNode? When { get; init; }
    public ScalarNode? From { get; init; }
    public ScalarNode? Until { get; init; }
    public ScalarNode? Through { get; init; }
}

internal sealed class WaiverDocument
{
    public required SourceLocation Location { get; init; }
    public ScalarNode? Id { get; init; }
    public ScalarNode? Clause { get; init; }
    public DataNode? When { get; init; }
    public string? Reason { get; init; }
    public string? ApprovedBy { get; init; }
    public ScalarNode? Expires { get; init; }
    public ScalarNode? Through { get; init; }
}

internal sealed class TestDocument
{
    public required SourceLocation Location { get; init; }
    public ScalarNode? Name { get; init; }
    public ScalarNode? AsOf { get; init; }
    public DataNode? Subject { get; init; }
    public ScalarNode? Outcome { get; init; }
    public IReadOnlyList<(ScalarNode Clause, ScalarNode Status)> Clauses { get; init; } = [];
}
