using System.Reflection;

namespace Compliance.Cli;

/// <summary>What the tool says about itself: its name, its version (in full for <c>--version</c>, without build
/// metadata in reports) and its home page.</summary>
internal static class ToolInfo
{
    /// <summary>The command's name.</summary>
    public const string Name = "compliance";

    /// <summary>The informational version, as <c>--version</c> prints it, such as <c>0.1.0+2f01b00</c>.</summary>
    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? throw new InvalidOperationException("the assembly carries no informational version");

    /// <summary>The package version without build metadata (<c>0.1.0</c>, not <c>0.1.0+9f2c…</c>), as reports (SARIF)
    /// write it, so that reports of the same release are identical whichever commit built it.</summary>
    public static string ReleaseVersion { get; } = Version.Split('+')[0];

    /// <summary>The project's home page, from the package's <c>PackageProjectUrl</c>.</summary>
    public static string InformationUri { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "InformationUri")?.Value
        ?? throw new InvalidOperationException("the assembly carries no `InformationUri` metadata");
}
