using Compliance.Subjects;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Compliance.Hosting.Tests;

/// <summary>A service provider with <c>AddCompliance</c> over a temporary rules folder, collecting every log entry.</summary>
internal sealed class TestHost : IDisposable
{
    private readonly ServiceProvider _services;

    public TestHost(TempDirectory folder, Action<ComplianceOptions>? configure = null, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddCompliance(options =>
        {
            options.RulesPath = folder.Path;
            options.ReloadDebounce = TimeSpan.FromMilliseconds(50);
            configure?.Invoke(options);
        });
        _services = services.BuildServiceProvider();
        Provider = _services.GetRequiredService<IRuleSetProvider>();
    }

    public CollectingLoggerProvider Logs { get; } = new();

    /// <summary>The provider, created (so the rules loaded) with the host.</summary>
    public IRuleSetProvider Provider { get; }

    public IComplianceEvaluator Evaluator => _services.GetRequiredService<IComplianceEvaluator>();

    public static CallSubject CallOnAws { get; } = new()
    {
        Id = "call-on-aws", Vendor = "OpenAI", Model = "gpt-5", Mode = RuntimeMode.Stateless, Cloud = "AWS",
        Timestamp = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero),
    };

    public void Dispose() => _services.Dispose();
}
