namespace Compliance.Rules.Yaml;

/// <summary>Limits that keep a hostile YAML or JSON file from exhausting time, memory or stack.</summary>
public sealed record YamlLimits
{
    /// <summary>The default limits.</summary>
    public static YamlLimits Default { get; } = new();

    /// <summary>The largest file read, in bytes.</summary>
    /// <value>The default is 5 MB (5,242,880 bytes).</value>
    public long MaxFileBytes { get; init; } = 5 * 1024 * 1024;

    /// <summary>The deepest nesting of maps and lists.</summary>
    /// <value>The default is 64.</value>
    public int MaxDepth { get; init; } = 64;

    /// <summary>The longest scalar, in characters.</summary>
    /// <value>The default is 65,536.</value>
    public int MaxScalarLength { get; init; } = 64 * 1024;
}
