using Compliance.Verdicts;
using Microsoft.Extensions.Options;

namespace Compliance.Extensions.AI;

/// <summary>Checks <see cref="ComplianceChatOptions"/>, reporting every problem together.</summary>
internal sealed class ComplianceChatOptionsValidator : IValidateOptions<ComplianceChatOptions>
{
    public static ComplianceChatOptionsValidator Instance { get; } = new();

    public ValidateOptionsResult Validate(string? name, ComplianceChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Mode))
        {
            failures.Add($"`Mode` must be `Audit` or `Enforce`, not {(int)options.Mode}");
        }

        if (options.RefuseAt is not (Outcome.Violation or Outcome.Review or Outcome.Warning))
        {
            failures.Add($"`RefuseAt` must be `Violation`, `Review` or `Warning`, not `{options.RefuseAt}` (`RefuseIndeterminate` decides indeterminate calls)");
        }

        if (options.Mapping is null)
        {
            failures.Add("`Mapping` is required");
        }

        if (options.TimeProvider is null)
        {
            failures.Add("`TimeProvider` is required");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Applies <paramref name="configure"/> to new options and validates them, throwing with every problem.</summary>
    public static ComplianceChatOptions Build(Action<ComplianceChatOptions>? configure)
    {
        var options = new ComplianceChatOptions();
        configure?.Invoke(options);
        var result = Instance.Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ComplianceChatOptions), result.Failures);
        }

        return options;
    }
}
