namespace Compliance.Rules.Yaml;

/// <summary>Limits that keep a hostile YAML or JSON file from exhausting time, memory or stack.</summary>
public sealed record YamlLimits
{
    /// <summary>The default limits.</summary>
    public static YamlLimits Default { get; } = new();

    /// <summary>The largest file read, in bytes.</summary>
    /// <value>The default is 5 MB (5,242,880 bytes).</value>
    public long MaxFileBytes { get; init; } = 5 * 1024 * 1024;

    /// <summary>The deepest nesting of maps and lists; at most 1,000.</summary>
    /// <value>The default is 64.</value>
    public int MaxDepth { get; init; } = 64;

    /// <summary>The longest scalar, in characters.</summary>
    /// <value>The default is 65,536.</value>
    public int MaxScalarLength { get; init; } = 64 * 1024;

    /// <summary>The highest <see cref="MaxDepth"/> accepted: the reader recurses once per level, and 1,000 levels stay far
    /// below the smallest thread stack .NET gives.</summary>
    internal const int DepthCeiling = 1000;

    /// <summary>Describes every limit that is out of range, for the options that hold these limits.</summary>
    internal IEnumerable<string> Problems(string owner)
    {
        if (MaxFileBytes < 1)
        {
            yield return $"{owner}.MaxFileBytes must be at least 1, not {MaxFileBytes}";
        }

        if (MaxDepth is < 1 or > DepthCeiling)
        {
            yield return $"{owner}.MaxDepth must be from 1 to {DepthCeiling}, not {MaxDepth}";
        }

        if (MaxScalarLength < 1)
        {
            yield return $"{owner}.MaxScalarLength must be at least 1, not {MaxScalarLength}";
        }
    }
}
