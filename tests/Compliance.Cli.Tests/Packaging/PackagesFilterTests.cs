using System.Text.Json;
using NUnit.Framework;

namespace Compliance.Cli.Tests.Packaging;

/// <summary>Compliance.Packages.slnf, which the README, CI and <see cref="ToolPackageTests"/> pack, holds every shipped
/// project: a package left out of it would not be packed, and no test would notice. Fast, so not in the Packaging category.</summary>
public sealed class PackagesFilterTests
{
    [Test]
    public void PackagesFilter_ListsEveryProjectUnderSrc()
    {
        using var filter = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "Compliance.Packages.slnf")));
        var listed = filter.RootElement.GetProperty("solution").GetProperty("projects").EnumerateArray()
            .Select(p => p.GetString()!.Replace('\\', '/')).Order(StringComparer.Ordinal);

        var shipped = Directory.GetFiles(Path.Combine(RepoRoot.Path, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(RepoRoot.Path, p).Replace('\\', '/')).Order(StringComparer.Ordinal);

        Assert.That(listed, Is.EqualTo(shipped));
    }

    [Test]
    public void EveryShippedProject_HasTheReadmeItsPackageCarries()
    {
        var missing = Directory.GetFiles(Path.Combine(RepoRoot.Path, "src"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => !File.Exists(Path.Combine(Path.GetDirectoryName(p)!, "README.md")))
            .Select(p => Path.GetRelativePath(RepoRoot.Path, p));

        Assert.That(missing, Is.Empty, "`dotnet pack` fails with NU5019 on a package without its README.md");
    }
}
