using Microsoft.Extensions.Hosting;

namespace Compliance.Hosting;

/// <summary>Creates the rule-set provider when the host starts, so that the rules load (and are watched) before the first
/// request rather than during it.</summary>
internal sealed class RuleSetStartup(IRuleSetProvider provider) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = provider.State;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
