namespace Compliance.Rules.Tests;

/// <summary>The repository's root (the nearest directory above the test binaries holding <c>Compliance.sln</c>) and its
/// bundled rule files, loaded under the paths the command line gives them when run from the root (<c>rules/...</c>).</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Loads the bundled <c>rules/</c> folder as <c>compliance ... --rules rules</c> does from the root.</summary>
    public static LoadResult LoadBundledRules(RuleSetLoaderOptions? options = null)
    {
        var folder = Combine("rules");
        var sources = Directory.EnumerateFiles(folder, "*.yaml", SearchOption.AllDirectories)
            .Select(f => new RuleSource("rules/" + System.IO.Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllText(f)))
            .ToArray();
        return new RuleSetLoader(options).LoadStrings(sources);
    }

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Compliance.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Compliance.sln above {AppContext.BaseDirectory}");
    }
}
