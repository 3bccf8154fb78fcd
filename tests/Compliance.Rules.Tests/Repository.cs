namespace Compliance.Rules.Tests;

/// <summary>Paths into the repository the tests run from.</summary>
internal static class Repository
{
    /// <summary>The repository root: the first folder above the test binaries that holds <c>Compliance.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Compliance.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (with Compliance.sln) is not above the test directory");
    }

    /// <summary>Every rule file under a repository folder, named by its path from the root (<c>rules/waivers.yaml</c>).</summary>
    public static IReadOnlyList<RuleSource> RuleFiles(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Root, folder), "*.yaml", SearchOption.AllDirectories)
            .Select(f => new RuleSource(Path.GetRelativePath(Root, f).Replace('\\', '/'), File.ReadAllText(f).ReplaceLineEndings("\n")))
            .OrderBy(s => s.Path, StringComparer.Ordinal)
            .ToArray();
}
