using Microsoft.Extensions.Hosting;

namespace Compliance.Hosting;

/// <summary>Resolves a relative <see cref="ComplianceOptions.RulesPath"/> against the host's content root, when there is a host.</summary>
internal sealed class RulesPathResolver(IHostEnvironment? environment = null)
{
    public string Resolve(string rulesPath) =>
        Path.IsPathRooted(rulesPath) || environment is null ? rulesPath : Path.Combine(environment.ContentRootPath, rulesPath);
}
