using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using NUnit.Framework;

namespace Compliance.Cli.Tests.Packaging;

/// <summary>Packs the three shipped projects once, as a release would, installs the tool from the packages, and runs it.</summary>
/// <remarks>Slow (a Release build): select it with <c>--filter TestCategory=Packaging</c>, or leave it out with
/// <c>--filter TestCategory!=Packaging</c>. Builds into its own temporary folder (<c>--artifacts-path</c>), so it
/// never touches the working tree's <c>bin</c> and <c>obj</c>.</remarks>
[Category("Packaging")]
[NonParallelizable]
public sealed class ToolPackageTests
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(1);

    private TempDirectory _temp = null!;
    private string _packages = null!;
    private string _version = null!;

    [OneTimeSetUp]
    public void PackOnce()
    {
        _temp = new TempDirectory();
        _packages = _temp.Combine("packages");
        var pack = ExternalProcess.Run(ExternalProcess.DotnetHost,
            ["pack", "Compliance.Packages.slnf", "-c", "Release", "-o", _packages, "--artifacts-path", _temp.Combine("artifacts"),
                "--disable-build-servers", "-nodeReuse:false"],
            RepoRoot.Path, PackTimeout);
        Assert.That(pack.ExitCode, Is.EqualTo(0), pack.ToString());

        var tool = Directory.GetFiles(_packages, "Compliance.Cli.*.nupkg").Single();
        _version = Path.GetFileNameWithoutExtension(tool)["Compliance.Cli.".Length..];
    }

    [OneTimeTearDown]
    public void CleanUp() => _temp?.Dispose();

    [TestCase("Compliance.Core")]
    [TestCase("Compliance.Rules")]
    [TestCase("Compliance.Cli")]
    public void EachPackage_HasItsSymbolPackage_ReadmeLicenseDescriptionTagsAndRepository(string id)
    {
        var package = Path.Combine(_packages, $"{id}.{_version}.nupkg");
        Assert.That(File.Exists(Path.Combine(_packages, $"{id}.{_version}.snupkg")), Is.True, "symbols");

        using var zip = ZipFile.OpenRead(package);
        Assert.That(zip.GetEntry("README.md"), Is.Not.Null);
        XNamespace ns = XDocument.Load(zip.GetEntry($"{id}.nuspec")!.Open()).Root!.Name.Namespace;
        var metadata = XDocument.Load(zip.GetEntry($"{id}.nuspec")!.Open()).Root!.Element(ns + "metadata")!;
        Assert.That(metadata.Element(ns + "license")?.Attribute("type")?.Value, Is.EqualTo("expression"));
        Assert.That(metadata.Element(ns + "license")?.Value, Is.EqualTo("MIT"));
        Assert.That(metadata.Element(ns + "readme")?.Value, Is.EqualTo("README.md"));
        Assert.That(metadata.Element(ns + "description")?.Value, Is.Not.Empty);
        Assert.That(metadata.Element(ns + "tags")?.Value, Does.Contain("compliance"));
        Assert.That(metadata.Element(ns + "repository")?.Attribute("url")?.Value, Does.StartWith("https://github.com/"));
    }

    [TestCase("Compliance.Core")]
    [TestCase("Compliance.Rules")]
    public void Libraries_CarryTheirXmlDocumentation(string id)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(_packages, $"{id}.{_version}.nupkg"));

        Assert.That(zip.Entries.Select(e => e.FullName), Does.Contain($"lib/net10.0/{id}.dll").And.Contain($"lib/net10.0/{id}.xml"));
    }

    [Test]
    public void Cli_IsADotnetToolWithTheCommandCompliance()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(_packages, $"Compliance.Cli.{_version}.nupkg"));
        var settings = zip.Entries.Single(e => e.FullName.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal));

        var command = XDocument.Load(settings.Open()).Descendants("Command").Single();
        Assert.That(command.Attribute("Name")?.Value, Is.EqualTo("compliance"));
    }

    [Test]
    public void InstalledTool_ChecksTheSamples_LikeTheInProcessCommandLine()
    {
        var tools = _temp.Combine("tools");
        var install = ExternalProcess.Run(ExternalProcess.DotnetHost,
            ["tool", "install", "Compliance.Cli", "--tool-path", tools, "--add-source", _packages, "--version", _version],
            RepoRoot.Path, InstallTimeout);
        Assert.That(install.ExitCode, Is.EqualTo(0), install.ToString());

        var executable = Path.Combine(tools, OperatingSystem.IsWindows() ? "compliance.exe" : "compliance");
        string[] arguments = ["check", "--rules", "rules", "--input", "samples/subjects", "--format", "json"];
        var run = ExternalProcess.Run(executable, arguments, RepoRoot.Path, RunTimeout);
        var inProcess = CliRun.AtRepoRoot(arguments);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stderr, Is.Empty, run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        var summary = document.RootElement.GetProperty("summary");
        Assert.That(summary.GetProperty("subjects").GetInt32(), Is.EqualTo(document.RootElement.GetProperty("verdicts").GetArrayLength()).And.GreaterThan(0));
        Assert.That(summary.GetProperty("violation").GetInt32(), Is.GreaterThan(0), "some samples break the contracts on purpose");
        using var expected = JsonDocument.Parse(inProcess.Stdout);
        Assert.That(summary.GetRawText(), Is.EqualTo(expected.RootElement.GetProperty("summary").GetRawText()));
        Assert.That(run.Stdout, Is.EqualTo(inProcess.Stdout), "the packed tool writes what the command line built here writes");
    }
}
