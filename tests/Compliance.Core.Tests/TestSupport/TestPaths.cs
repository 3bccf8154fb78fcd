namespace Compliance.Core.Tests.TestSupport;

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
}
