namespace Compliance.Rules.Tests.TestSupport;

internal static class TestPaths
{
    /// <summary>The repository root: the nearest folder above the test binaries that holds <c>Compliance.sln</c>.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(NUnit.Framework.TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Compliance.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("no folder above the test directory holds Compliance.sln");
    }

    /// <summary>The case files under <c>Cases/&lt;folder&gt;</c> in the output folder, in name order.</summary>
    public static IEnumerable<string> CaseFiles(string folder) =>
        Directory.EnumerateFiles(Path.Combine(NUnit.Framework.TestContext.CurrentContext.TestDirectory, "Cases", folder), "*.yaml")
            .OrderBy(f => f, StringComparer.Ordinal);
}
