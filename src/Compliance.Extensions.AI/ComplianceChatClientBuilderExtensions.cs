using Compliance;
using Compliance.Extensions.AI;
using Compliance.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microsoft.Extensions.AI;

/// <summary>Adds the Compliance gate to a chat client pipeline.</summary>
public static class ComplianceChatClientBuilderExtensions
{
#pragma warning disable RS0026 // Overloads with an optional `configure`: they differ in the rule set's source (a rule set,
                               // a provider, or the provider registered by AddCompliance), so no call is ambiguous.
    /// <summary>Judges every call against <paramref name="ruleSet"/> before it is sent (see <see cref="ComplianceChatClient"/>).</summary>
    /// <param name="builder">The chat client builder.</param>
    /// <param name="ruleSet">The rule set to judge calls with.</param>
    /// <param name="configure">Sets the mode, threshold, mapping and callback; validated now, every problem reported together.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public static ChatClientBuilder UseCompliance(this ChatClientBuilder builder, RuleSet ruleSet, Action<ComplianceChatOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(ruleSet);
        var options = ComplianceChatOptionsValidator.Build(configure);
        return builder.Use((inner, services) =>
            new ComplianceChatClient(inner, CallJudge.For(ruleSet, LoggerFrom(services), options.TimeProvider), options));
    }

    /// <summary>Judges every call against the provider's current rule set, read at each call so that a reload applies to
    /// the next call; while no rule set has loaded, every call is <c>indeterminate</c>.</summary>
    /// <param name="builder">The chat client builder.</param>
    /// <param name="provider">The rule set provider, such as the one <c>services.AddCompliance(...)</c> registers.</param>
    /// <param name="configure">Sets the mode, threshold, mapping and callback; validated now, every problem reported together.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public static ChatClientBuilder UseCompliance(this ChatClientBuilder builder, IRuleSetProvider provider, Action<ComplianceChatOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(provider);
        var options = ComplianceChatOptionsValidator.Build(configure);
        return builder.Use((inner, services) =>
            new ComplianceChatClient(inner, CallJudge.For(provider, LoggerFrom(services), options.TimeProvider), options));
    }

    /// <summary>Judges every call against the rule set of the <see cref="IRuleSetProvider"/> registered in the services
    /// (<c>services.AddCompliance(...)</c>), as in <c>services.AddChatClient(...).UseCompliance()</c>; reloads apply to the next call.</summary>
    /// <param name="builder">The chat client builder.</param>
    /// <param name="configure">Sets the mode, threshold, mapping and callback; validated now, every problem reported together.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    /// <remarks>Building the client throws <see cref="InvalidOperationException"/> when no provider is registered.</remarks>
    public static ChatClientBuilder UseCompliance(this ChatClientBuilder builder, Action<ComplianceChatOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = ComplianceChatOptionsValidator.Build(configure);
        return builder.Use((inner, services) =>
        {
            var provider = services.GetService<IRuleSetProvider>() ?? throw new InvalidOperationException(
                "UseCompliance() without a rule set reads the one services.AddCompliance(...) registers, and none is registered; call AddCompliance, or pass a RuleSet or an IRuleSetProvider");
            return new ComplianceChatClient(inner, CallJudge.For(provider, LoggerFrom(services), options.TimeProvider), options);
        });
    }
#pragma warning restore RS0026

    private static ILogger LoggerFrom(IServiceProvider services) =>
        (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(Compliance.Extensions.AI.Log.Category);
}
