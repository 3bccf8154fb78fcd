namespace Compliance.Cli.Output.Sarif;

/// <summary>Turns a path as the command line reached it into a SARIF artifact URI.</summary>
/// <remarks>Code-scanning services resolve a relative URI against the repository root, where CI runs the tool, so a
/// path under the current directory becomes relative (<c>rules/msft-openai.yaml</c>); any other absolute path
/// becomes a <c>file:</c> URI. Each segment is percent-escaped.</remarks>
internal static class SarifUri
{
    public static string FromPath(string path) => FromPath(path, Environment.CurrentDirectory);

    public static string FromPath(string path, string baseDirectory)
    {
        var relative = path.Replace('\\', '/');
        if (Path.IsPathRooted(path))
        {
            var candidate = Path.GetRelativePath(baseDirectory, path);
            if (Path.IsPathRooted(candidate) || candidate == ".." || candidate.StartsWith("../", StringComparison.Ordinal)
                || candidate.StartsWith("..\\", StringComparison.Ordinal))
            {
                return new Uri(Path.GetFullPath(path)).AbsoluteUri;
            }

            relative = candidate.Replace('\\', '/');
        }

        if (relative.StartsWith("./", StringComparison.Ordinal))
        {
            relative = relative[2..];
        }

        return string.Join('/', relative.Split('/').Select(Uri.EscapeDataString));
    }
}
