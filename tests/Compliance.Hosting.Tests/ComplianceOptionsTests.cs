using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Compliance.Hosting.Tests;

public class ComplianceOptionsTests
{
    [Test]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new ComplianceOptions();

        Assert.That(options.RulesPath, Is.Null);
        Assert.That(options.Kinds, Is.SameAs(Compliance.Subjects.SubjectKindRegistry.Default));
        Assert.That(options.ReloadOnChange, Is.True);
        Assert.That(options.ReloadDebounce, Is.EqualTo(TimeSpan.FromMilliseconds(500)));
        Assert.That(options.PollingInterval, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(options.RegexTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(50)));
        Assert.That(options.MaxPatternLength, Is.EqualTo(1_000));
        Assert.That(options.Limits, Is.SameAs(Compliance.Rules.Yaml.YamlLimits.Default));
    }

    [Test]
    public void StartupValidation_ReportsEveryProblemTogether()
    {
        var services = new ServiceCollection();
        services.AddCompliance(o =>
        {
            o.ReloadDebounce = TimeSpan.FromSeconds(-1);
            o.PollingInterval = TimeSpan.Zero;
            o.RegexTimeout = TimeSpan.Zero;
            o.MaxPatternLength = 0;
            o.Kinds = null!;
        });
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(failure!.Failures, Is.EqualTo(new[]
        {
            "`RulesPath` is required: the rule file or the folder of rule files to load",
            "`Kinds` is required",
            "`ReloadDebounce` must be zero or more, not -00:00:01",
            "`PollingInterval` must be more than zero, or null to turn polling off, not 00:00:00",
            "`RegexTimeout` must be more than zero, not 00:00:00",
            "`MaxPatternLength` must be between 1 and 10000, not 0",
        }));
    }

    [Test]
    public void StartupValidation_RejectsARulesPathThatDoesNotExist()
    {
        using var folder = new TempDirectory();
        var missing = Path.Combine(folder.Path, "no-such-rules");
        var services = new ServiceCollection();
        services.AddCompliance(o => o.RulesPath = missing);
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(failure!.Failures, Is.EqualTo(new[] { $"`RulesPath` is `{missing}`, which does not exist (resolved to `{missing}`)" }));
    }

    [Test]
    public void HostStart_FailsOnInvalidOptions_BeforeAnythingLoads()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddCompliance(o => o.RegexTimeout = TimeSpan.Zero);
        using var host = builder.Build();

        var failure = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(failure!.Failures, Has.Count.EqualTo(2));
        Assert.That(failure.Message, Does.Contain("`RulesPath` is required").And.Contain("`RegexTimeout` must be more than zero"));
    }

    [Test]
    public void HostStart_LoadsTheRules_FromAPathRelativeToTheContentRoot()
    {
        using var folder = new TempDirectory();
        folder.Write("rules/acme.yaml", RuleFiles.RequireCloud("Azure"));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = folder.Path });
        var logs = new CollectingLoggerProvider();
        builder.Logging.AddProvider(logs);
        builder.Services.AddCompliance(o => o.RulesPath = "rules");
        using var host = builder.Build();

        host.StartAsync().GetAwaiter().GetResult();
        var loaded = logs.Entries.Where(e => e.EventName == "RuleSetLoaded").ToArray();
        var state = host.Services.GetRequiredService<IRuleSetProvider>().State;
        host.StopAsync().GetAwaiter().GetResult();

        Assert.That(loaded, Has.Length.EqualTo(1), "loaded while the host started, before anything asked for it");
        Assert.That(loaded[0].Fields["RulesPath"], Is.EqualTo(Path.Combine(folder.Path, "rules")));
        Assert.That(state.Health, Is.EqualTo(RuleSetHealth.Healthy));
    }

    [Test]
    public void AddComplianceTwice_RegistersTheServicesOnce_AndAppliesBothConfigurations()
    {
        using var folder = new TempDirectory();
        folder.Write("acme.yaml", RuleFiles.RequireCloud("Azure"));
        var services = new ServiceCollection();
        services.AddCompliance(o => o.RulesPath = folder.Path);
        services.AddCompliance(o => o.ReloadOnChange = false);
        using var provider = services.BuildServiceProvider();

        Assert.That(services.Count(s => s.ServiceType == typeof(IRuleSetProvider)), Is.EqualTo(1));
        Assert.That(services.Count(s => s.ServiceType == typeof(IHostedService)), Is.EqualTo(1));
        Assert.That(services.Count(s => s.ServiceType == typeof(IValidateOptions<ComplianceOptions>)), Is.EqualTo(1));
        var options = provider.GetRequiredService<IOptions<ComplianceOptions>>().Value;
        Assert.That((options.RulesPath, options.ReloadOnChange), Is.EqualTo((folder.Path, false)));
    }
}
