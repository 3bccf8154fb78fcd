using Microsoft.Extensions.Options;

namespace Compliance.Hosting;

/// <summary>Checks <see cref="ComplianceOptions"/>, reporting every problem together.</summary>
internal sealed class ComplianceOptionsValidator(RulesPathResolver paths) : IValidateOptions<ComplianceOptions>
{
    public ValidateOptionsResult Validate(string? name, ComplianceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.RulesPath))
        {
            failures.Add("`RulesPath` is required: the rule file or the folder of rule files to load");
        }
        else
        {
            var full = paths.Resolve(options.RulesPath);
            if (!File.Exists(full) && !Directory.Exists(full))
            {
                failures.Add($"`RulesPath` is `{options.RulesPath}`, which does not exist (resolved to `{full}`)");
            }
        }

        if (options.Kinds is null)
        {
            failures.Add("`Kinds` is required");
        }

        if (options.Limits is null)
        {
            failures.Add("`Limits` is required");
        }

        if (options.ReloadDebounce < TimeSpan.Zero)
        {
            failures.Add($"`ReloadDebounce` must be zero or more, not {options.ReloadDebounce}");
        }

        if (options.PollingInterval is { } polling && polling <= TimeSpan.Zero)
        {
            failures.Add($"`PollingInterval` must be more than zero, or null to turn polling off, not {polling}");
        }

        if (options.RegexTimeout <= TimeSpan.Zero)
        {
            failures.Add($"`RegexTimeout` must be more than zero, not {options.RegexTimeout}");
        }

        if (options.MaxPatternLength is < 1 or > 10_000)
        {
            failures.Add($"`MaxPatternLength` must be between 1 and 10000, not {options.MaxPatternLength}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
