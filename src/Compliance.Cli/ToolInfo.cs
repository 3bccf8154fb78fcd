using System.Reflection;

namespace Compliance.Cli;

/// <summary>The tool's name, version and home page, as reports (SARIF) name them.</summary>
internal static class ToolInfo
{
    public const string Name = "compliance";

    /// <summary>The informational version, as <c>--version</c> prints it, such as <c>0.1.0+2f01b00</c>.</summary>
    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ToolInfo).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    /// <summary>The repository's address, from the build's <c>RepositoryUrl</c>.</summary>
    public static string? InformationUri { get; } = typeof(ToolInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "RepositoryUrl")?.Value;
}
