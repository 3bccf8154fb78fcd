using System.IO.Compression;
using System.Security;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using NUnit.Framework;

namespace Compliance.Cli.Tests.Packaging;

/// <summary>Packs every shipped project once, as the README says, and uses the packages as a team would: from a local
/// feed, in new projects that know nothing of this repository (a console program on Core, Rules and Hosting; an NUnit
/// test project on Compliance.NUnit), and the tool installed both into a folder and through a tool manifest.</summary>
/// <remarks>Slow (a Release build, restores, builds): select it with <c>--filter TestCategory=Packaging</c>, or leave it
/// out with <c>--filter TestCategory!=Packaging</c>. Builds into its own temporary folder (<c>--artifacts-path</c>), so it
/// never touches the working tree's <c>bin</c> and <c>obj</c>. The new projects restore with a <c>nuget.config</c> naming
/// the local folder and nuget.org, as the README's, and with a global packages folder of their own: the packages built
/// here land only there, and the machine's global packages folder is only read, as a fallback folder, for the public
/// packages. The packages are versioned as a local build (<c>0.1.0-dev.&lt;time&gt;</c>) even in CI, so no package of
/// the same version can be in the machine's folder.</remarks>
[Category("Packaging")]
[NonParallelizable]
public sealed partial class ToolPackageTests
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    private static readonly string[] Packages = ["Compliance.Core", "Compliance.Rules", "Compliance.Hosting", "Compliance.NUnit", "Compliance.Extensions.AI", "Compliance.Cli"];

    /// <summary>The tool's code, in one package per platform that <c>Compliance.Cli</c> names: compiled ahead of time for
    /// linux-x64, portable for every other platform.</summary>
    private static readonly string[] ToolPlatformPackages = ["Compliance.Cli.linux-x64", "Compliance.Cli.any"];

    /// <summary>Every package that carries code, and so its symbols: all but <c>Compliance.Cli</c>, which only names the
    /// platform packages.</summary>
    private static readonly string[] CodePackages = [.. Packages.Where(id => id != "Compliance.Cli"), .. ToolPlatformPackages];

    private static readonly string[] AllPackages = [.. Packages, .. ToolPlatformPackages];

    private TempDirectory _temp = null!;
    private string _packages = null!;
    private string _version = null!;
    private string _consumer = null!;
    private Dictionary<string, string> _environment = null!;

    [OneTimeSetUp]
    public void PackOnce()
    {
        _temp = new TempDirectory();
        _packages = _temp.Combine("packages");
        var pack = ExternalProcess.Run(ExternalProcess.DotnetHost,
            ["pack", "Compliance.Packages.slnf", "-c", "Release", "-o", _packages, "--artifacts-path", _temp.Combine("artifacts"),
                "-p:ComplianceDevVersion=true", "--disable-build-servers", "-nodeReuse:false"],
            RepoRoot.Path, PackTimeout);
        Assert.That(pack.ExitCode, Is.EqualTo(0), pack.ToString());

        var tool = Directory.GetFiles(_packages, "Compliance.Cli.*.nupkg").Single(p => ToolPackageName().IsMatch(Path.GetFileName(p)));
        _version = Path.GetFileNameWithoutExtension(tool)["Compliance.Cli.".Length..];

        _consumer = _temp.Combine("consumer");
        _temp.Write("consumer/nuget.config", NuGetConfig(_packages, MachinePackagesFolder()));
        _environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = _temp.Combine("nuget-packages") };
    }

    [OneTimeTearDown]
    public void CleanUp() => _temp?.Dispose();

    /// <summary>The README's nuget.config: the local folder for Compliance.* only (package source mapping, so that no
    /// package of the same name on nuget.org can stand in for it), nuget.org for everything else.</summary>
    private static string NuGetConfig(string localFolder, string? fallbackFolder) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="compliance-local" value="{SecurityElement.Escape(localFolder)}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
          </packageSources>
          <packageSourceMapping>
            <packageSource key="compliance-local">
              <package pattern="Compliance.*" />
            </packageSource>
            <packageSource key="nuget.org">
              <package pattern="*" />
            </packageSource>
          </packageSourceMapping>
        {(fallbackFolder is null ? "" : $"""
          <fallbackPackageFolders>
            <add key="machine" value="{SecurityElement.Escape(fallbackFolder)}" />
          </fallbackPackageFolders>
        """)}
        </configuration>
        """;

    /// <summary>The machine's global packages folder, read-only here, so that public packages are not fetched again.</summary>
    private static string? MachinePackagesFolder()
    {
        var folder = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Directory.Exists(folder) ? folder : null;
    }

    private ProcessRun Dotnet(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        ExternalProcess.Run(ExternalProcess.DotnetHost, arguments, workingDirectory, timeout, _environment);

    [Test]
    public void EveryPackage_IsALocalBuildVersion_AndDependsOnItsSiblingsAtThatVersion()
    {
        Assert.That(_version, Does.Match(@"^0\.1\.0-dev\.\d{14}$"));
        Assert.That(Directory.GetFiles(_packages, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal),
            Is.EqualTo(AllPackages.Select(id => $"{id}.{_version}.nupkg").Order(StringComparer.Ordinal)));
        Assert.That(Directory.GetFiles(_packages, "*.snupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal),
            Is.EqualTo(CodePackages.Select(id => $"{id}.{_version}.snupkg").Order(StringComparer.Ordinal)));

        var dependencies = Nuspec("Compliance.Hosting").Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => e.Attribute("id")!.Value, e => e.Attribute("version")!.Value);
        Assert.That(dependencies["Compliance.Rules"], Is.EqualTo(_version));
    }

    [TestCaseSource(nameof(AllPackages))]
    public void EachPackage_HasItsSymbolPackage_ReadmeLicenseDescriptionTagsAndRepository(string id)
    {
        Assert.That(File.Exists(Path.Combine(_packages, $"{id}.{_version}.snupkg")), Is.EqualTo(CodePackages.Contains(id)), "symbols");

        using var zip = ZipFile.OpenRead(Path.Combine(_packages, $"{id}.{_version}.nupkg"));
        Assert.That(zip.GetEntry("README.md"), Is.Not.Null);
        using (var license = new StreamReader(zip.GetEntry("LICENSE")!.Open()))
        {
            Assert.That(license.ReadToEnd(), Does.StartWith("MIT License\n\nCopyright (c) 2026 Compliance contributors\n"));
        }

        var metadata = Nuspec(id);
        XNamespace ns = metadata.Name.Namespace;
        Assert.That(metadata.Element(ns + "license")?.Attribute("type")?.Value, Is.EqualTo("expression"));
        Assert.That(metadata.Element(ns + "license")?.Value, Is.EqualTo("MIT"));
        Assert.That(metadata.Element(ns + "readme")?.Value, Is.EqualTo("README.md"));
        Assert.That(metadata.Element(ns + "description")?.Value, Is.Not.Empty);
        Assert.That(metadata.Element(ns + "tags")?.Value, Does.Contain("compliance"));
        Assert.That(metadata.Element(ns + "repository")?.Attribute("url")?.Value, Does.StartWith("https://github.com/"));
    }

    [TestCase("Compliance.Core")]
    [TestCase("Compliance.Rules")]
    [TestCase("Compliance.Hosting")]
    [TestCase("Compliance.NUnit")]
    [TestCase("Compliance.Extensions.AI")]
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

        var document = XDocument.Load(settings.Open());
        Assert.That(document.Descendants("Command").Single().Attribute("Name")?.Value, Is.EqualTo("compliance"));
        Assert.That(document.Descendants("RuntimeIdentifierPackage").Select(p => (p.Attribute("RuntimeIdentifier")?.Value, p.Attribute("Id")?.Value)),
            Is.EqualTo(new[] { ("linux-x64", "Compliance.Cli.linux-x64"), ("any", "Compliance.Cli.any") }));
        Assert.That(zip.Entries.Where(e => e.FullName.EndsWith(".dll", StringComparison.Ordinal)), Is.Empty, "the platform packages hold the code");
    }

    /// <summary>The linux-x64 package's assemblies carry native code compiled ahead of time (ReadyToRun: a managed native
    /// header), so that the tool starts without compiling its own code; the portable package's are IL only.</summary>
    [TestCase("Compliance.Cli.linux-x64", "linux-x64", true)]
    [TestCase("Compliance.Cli.any", "any", false)]
    public void ToolPlatformPackage_IsReadyToRunOnlyForItsPlatform(string id, string rid, bool readyToRun)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(_packages, $"{id}.{_version}.nupkg"));
        var folder = $"tools/net10.0/{rid}/";
        foreach (var assembly in new[] { "compliance.dll", "Compliance.Core.dll", "Compliance.Rules.dll", "YamlDotNet.dll" })
        {
            using var copy = new MemoryStream();
            using (var entry = zip.GetEntry(folder + assembly)!.Open())
            {
                entry.CopyTo(copy);
            }

            copy.Position = 0;
            using var reader = new System.Reflection.PortableExecutable.PEReader(copy);
            Assert.That(reader.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, Is.EqualTo(readyToRun), $"{id}: {assembly}");
        }

        var settings = XDocument.Load(zip.GetEntry(folder + "DotnetToolSettings.xml")!.Open());
        Assert.That(settings.Descendants("Command").Single().Attribute("Name")?.Value, Is.EqualTo("compliance"));
    }

    [Test]
    public void NewConsoleProject_OnCoreRulesAndHosting_LoadsTheBundledRulesAndJudgesACall()
    {
        var project = _temp.Combine("consumer", "App");
        _temp.Write("consumer/App/App.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Compliance.Core" Version="{_version}" />
                <PackageReference Include="Compliance.Rules" Version="{_version}" />
                <PackageReference Include="Compliance.Hosting" Version="{_version}" />
                <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="10.0.15" />
              </ItemGroup>
            </Project>
            """);
        _temp.Write("consumer/App/Program.cs", """
            using Compliance.Evaluation;
            using Compliance.Hosting;
            using Compliance.Subjects;
            using Microsoft.Extensions.DependencyInjection;

            var services = new ServiceCollection();
            services.AddCompliance(options => { options.RulesPath = args[0]; options.ReloadOnChange = false; });
            using var provider = services.BuildServiceProvider();

            var state = provider.GetRequiredService<IRuleSetProvider>().State;
            Console.WriteLine($"{state.Health}: {state.RuleSet?.Clauses.Count} clauses");
            var verdict = provider.GetRequiredService<IComplianceEvaluator>().Evaluate(
                new CallSubject { Id = "call-on-aws", Vendor = "OpenAI", Model = "gpt-5", Mode = RuntimeMode.Stateless, Cloud = "AWS" },
                new EvaluationOptions { AsOf = new DateOnly(2026, 3, 1) });
            Console.WriteLine($"{verdict.Subject}: {verdict.Outcome}");
            Console.WriteLine(string.Join(", ", verdict.Clauses.Where(c => c.Status == Compliance.Verdicts.ClauseStatus.Violated).Select(c => c.Id)));
            """);

        var run = Dotnet(project, BuildTimeout, "run", "--", Path.Combine(RepoRoot.Path, "rules"));

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout.ReplaceLineEndings("\n"), Is.EqualTo(
            "Healthy: 12 clauses\ncall-on-aws: Violation\nmsft-openai/azure-stateless-exclusivity\n"), run.ToString());
    }

    [Test]
    public void NewConsoleProject_OnExtensionsAI_RefusesAStatelessCallOffAzureBeforeItIsSent()
    {
        var project = _temp.Combine("consumer", "Gateway");
        _temp.Write("consumer/Gateway/Gateway.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Compliance.Extensions.AI" Version="{_version}" />
              </ItemGroup>
            </Project>
            """);
        _temp.Write("consumer/Gateway/Program.cs", """
            using Compliance.Extensions.AI;
            using Compliance.Rules;
            using Microsoft.Extensions.AI;

            var rules = new RuleSetLoader().Load(args[0]);
            var inner = new Provider();
            IChatClient client = new ChatClientBuilder(inner).UseCompliance(rules, o => o.Mode = ComplianceMode.Enforce).Build();
            try
            {
                await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);
            }
            catch (ComplianceRefusedException refused)
            {
                Console.WriteLine($"{refused.Verdict.Outcome}: {string.Join(", ", refused.Verdict.Clauses.Where(c => c.Status == Compliance.Verdicts.ClauseStatus.Violated).Select(c => c.Id))}");
            }

            Console.WriteLine($"requests sent: {inner.Calls}");

            sealed class Provider : IChatClient
            {
                public int Calls { get; private set; }

                public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
                {
                    Calls++;
                    return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "hello")));
                }

                public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
                    throw new NotSupportedException();

                public object? GetService(Type serviceType, object? serviceKey = null) =>
                    serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("openai", new Uri("https://api.openai.com/v1/"), "gpt-4o") : null;

                public void Dispose()
                {
                }
            }
            """);

        var run = Dotnet(project, BuildTimeout, "run", "--", Path.Combine(RepoRoot.Path, "rules"));

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout.ReplaceLineEndings("\n"), Is.EqualTo(
            "Violation: msft-openai/azure-stateless-exclusivity\nrequests sent: 0\n"), run.ToString());
    }

    [Test]
    public void NewNUnitProject_OnComplianceNUnit_RunsItsAssertionsWithDotnetTest()
    {
        var project = _temp.Combine("consumer", "AppTests");
        _temp.Write("consumer/AppTests/AppTests.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <IsTestProject>true</IsTestProject>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Compliance.Rules" Version="0.1.0-dev.*" />
                <PackageReference Include="Compliance.NUnit" Version="0.1.0-dev.*" />
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.11.0" />
                <PackageReference Include="NUnit" Version="4.6.1" />
                <PackageReference Include="NUnit3TestAdapter" Version="6.3.1" />
              </ItemGroup>
            </Project>
            """);
        var rules = Path.Combine(RepoRoot.Path, "rules").Replace("\"", "\"\"", StringComparison.Ordinal);
        _temp.Write("consumer/AppTests/CallTests.cs", $$"""
            using Compliance;
            using Compliance.Evaluation;
            using Compliance.Rules;
            using Compliance.Subjects;
            using NUnit.Framework;
            using Has = Compliance.NUnit.Has;
            using Is = Compliance.NUnit.Is;

            public class CallTests
            {
                private static readonly RuleSet Rules = new RuleSetLoader().Load(@"{{rules}}");
                private static readonly EvaluationOptions AsOf = new() { AsOf = new DateOnly(2026, 3, 1) };
                private static readonly CallSubject Call = new() { Vendor = "OpenAI", Model = "gpt-5", Mode = RuntimeMode.Stateless, Cloud = "Azure" };

                [Test]
                public void StatelessCallOnAzure_Complies() => Assert.That(Rules.Evaluate(Call, AsOf), Is.Compliant);

                [Test]
                public void StatelessCallOnAws_BreaksAzureExclusivity() =>
                    Assert.That(Rules.Evaluate(Call with { Cloud = "AWS" }, AsOf), Has.Violated("msft-openai/azure-stateless-exclusivity"));
            }
            """);

        // The README's floating version: the newest local build, which is the one just packed (the only one this
        // restore can see: its global packages folder is new, and Compliance.* comes from the local folder alone).
        var run = Dotnet(project, BuildTimeout, "test");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Match(@"Passed!\s+-\s+Failed:\s+0,\s+Passed:\s+2,"), run.ToString());
    }

    [Test]
    public void InstalledTool_ChecksTheSamples_LikeTheInProcessCommandLine()
    {
        // Installed as the README says, from the folder holding the nuget.config; run from the repository's root.
        var tools = _temp.Combine("tools");
        var install = Dotnet(_consumer, BuildTimeout, "tool", "install", "Compliance.Cli", "--tool-path", tools, "--version", _version);
        Assert.That(install.ExitCode, Is.EqualTo(0), install.ToString());
        // `dotnet tool install` took the package for this machine's platform, or the portable one.
        var expectedPackage = OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture
            == System.Runtime.InteropServices.Architecture.X64 ? "compliance.cli.linux-x64" : "compliance.cli.any";
        Assert.That(Directory.GetDirectories(Path.Combine(tools, ".store", "compliance.cli", _version)).Select(Path.GetFileName)
            .Where(name => name != "compliance.cli"), Is.EqualTo(new[] { expectedPackage }));

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

    [Test]
    public void ToolManifest_InstallsTheToolLocally_AndRunsTheRulesTests()
    {
        var project = _temp.Combine("consumer", "manifest");
        Directory.CreateDirectory(project);
        File.Copy(Path.Combine(_consumer, "nuget.config"), Path.Combine(project, "nuget.config"));
        var created = Dotnet(project, RunTimeout, "new", "tool-manifest");
        Assert.That(created.ExitCode, Is.EqualTo(0), created.ToString());

        // As the README says: `--prerelease` takes the newest local build.
        var install = Dotnet(project, BuildTimeout, "tool", "install", "--local", "Compliance.Cli", "--prerelease");
        Assert.That(install.ExitCode, Is.EqualTo(0), install.ToString());
        // `dotnet new tool-manifest` writes dotnet-tools.json beside the nuget.config since .NET 10 (in .config/ before).
        var manifest = File.ReadAllText(new[] { Path.Combine(project, "dotnet-tools.json"), Path.Combine(project, ".config", "dotnet-tools.json") }.First(File.Exists));
        Assert.That(manifest, Does.Contain("\"compliance.cli\"").IgnoreCase.And.Contain($"\"{_version}\""));

        var run = Dotnet(project, RunTimeout, "tool", "run", "compliance", "test", "--rules", Path.Combine(RepoRoot.Path, "rules"));

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(TestTotal().Match(run.Stdout) is { Success: true } total && int.Parse(total.Groups[1].Value) > 0 && total.Groups[2].Value == "0",
            Is.True, run.ToString());
    }

    private XElement Nuspec(string id)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(_packages, $"{id}.{_version}.nupkg"));
        using var stream = zip.GetEntry($"{id}.nuspec")!.Open();
        var root = XDocument.Load(stream).Root!;
        return root.Element(root.Name.Namespace + "metadata")!;
    }

    /// <summary>The name of the tool's own package (<c>Compliance.Cli.0.1.0-dev.….nupkg</c>), not a platform package's.</summary>
    [GeneratedRegex(@"^Compliance\.Cli\.\d[^/]*\.nupkg$")]
    private static partial Regex ToolPackageName();

    [GeneratedRegex(@"(?m)^(\d+) passed, (\d+) failed")]
    private static partial Regex TestTotal();
}
