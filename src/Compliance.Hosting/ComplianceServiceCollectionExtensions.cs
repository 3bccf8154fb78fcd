using Compliance.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Compliance engine in a service collection.</summary>
public static class ComplianceServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IRuleSetProvider"/> and <see cref="IComplianceEvaluator"/> (singletons), with
    /// <see cref="ComplianceOptions"/> validated when the host starts.</summary>
    /// <remarks>The rules load when the provider is first resolved, which a host does at start; with
    /// <see cref="ComplianceOptions.ReloadOnChange"/> they reload whenever their files change. The provider logs under the
    /// category <c>Compliance.Hosting</c>, and takes its clock from a registered <see cref="TimeProvider"/>, if any.
    /// Calling this more than once adds each <paramref name="configure"/> but registers the services once.</remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; <see cref="ComplianceOptions.RulesPath"/> is required. May be
    /// <see langword="null"/> when the options are configured otherwise, such as bound from configuration.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddCompliance(this IServiceCollection services, Action<ComplianceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ComplianceOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddSingleton(sp => new RulesPathResolver(sp.GetService<IHostEnvironment>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ComplianceOptions>, ComplianceOptionsValidator>());
        services.TryAddSingleton<IRuleSetProvider>(sp => new RuleSetProvider(
            sp.GetRequiredService<IOptions<ComplianceOptions>>().Value,
            sp.GetRequiredService<RulesPathResolver>(),
            (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(Log.Category),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.TryAddSingleton<IComplianceEvaluator>(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<ComplianceOptions>>().Value;
            return new ComplianceEvaluator(sp.GetRequiredService<IRuleSetProvider>(), settings.Kinds, settings.RulesPath!,
                sp.GetService<TimeProvider>() ?? TimeProvider.System);
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RuleSetStartup>());
        return services;
    }
}
