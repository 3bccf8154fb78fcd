using System.Reflection;

namespace Compliance.Cli;

/// <summary>What the tool says about itself in reports: its name, version and home page.</summary>
internal static class ToolInfo
{
    /// <summary>The command's name.</summary>
    public const string Name = "compliance";

    /// <summary>The package version without build metadata (<c>0.1.0</c>, not <c>0.1.0+9f2c…</c>), so that reports
    /// of the same release are identical whichever commit built it.</summary>
    public static string Version { get; } = ReadVersion();

    /// <summary>The project's home page, from the package's <c>PackageProjectUrl</c>.</summary>
    public static string InformationUri { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "InformationUri")?.Value
        ?? throw new InvalidOperationException("the assembly carries no `InformationUri` metadata");

    private static string ReadVersion()
    {
        var informational = typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? throw new InvalidOperationException("the assembly carries no informational version");
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
