using FluentValidation;

namespace Compliance.Subjects;

/// <summary>Checks a <see cref="CallSubject"/>: every required field is present.</summary>
public sealed class CallSubjectValidator : AbstractValidator<CallSubject>
{
    /// <summary>Creates the validator.</summary>
    public CallSubjectValidator()
    {
        RuleFor(x => x.Vendor).NotEmpty().OverridePropertyName("vendor").WithMessage(SubjectMessages.Required);
        RuleFor(x => x.Model).NotEmpty().OverridePropertyName("model").WithMessage(SubjectMessages.Required);
        RuleFor(x => x.Mode).NotNull().OverridePropertyName("mode").WithMessage(SubjectMessages.Required);
        RuleFor(x => x.Mode).IsInEnum().OverridePropertyName("mode").WithMessage(SubjectMessages.NotAMember);
        RuleFor(x => x.Cloud).NotEmpty().OverridePropertyName("cloud").WithMessage(SubjectMessages.Required);
        RuleFor(x => x.Tokens).GreaterThanOrEqualTo(0).OverridePropertyName("tokens")
            .WithMessage("`tokens` must not be negative");
    }

    /// <summary>The rules above, checked without FluentValidation: every required field present, known enum members.</summary>
    internal static bool IsCertainlyValid(CallSubject call) =>
        !string.IsNullOrWhiteSpace(call.Vendor)
        && !string.IsNullOrWhiteSpace(call.Model)
        && call.Mode is RuntimeMode.Stateless or RuntimeMode.Stateful
        && !string.IsNullOrWhiteSpace(call.Cloud)
        && (call.Tokens is null || call.Tokens >= 0);
}

/// <summary>Checks a <see cref="DeploymentSubject"/>: every required field is present, and so is each call's.</summary>
public sealed class DeploymentSubjectValidator : AbstractValidator<DeploymentSubject>
{
    /// <summary>Creates the validator.</summary>
    public DeploymentSubjectValidator()
    {
        RuleFor(x => x.Product).NotEmpty().OverridePropertyName("product").WithMessage(SubjectMessages.Required);
        RuleFor(x => x.Vendor).NotEmpty().OverridePropertyName("vendor").WithMessage(SubjectMessages.Required);
        RuleFor(x => x.Runtime).NotNull().OverridePropertyName("runtime").WithMessage(SubjectMessages.Required);
        RuleFor(x => x.Runtime).IsInEnum().OverridePropertyName("runtime").WithMessage(SubjectMessages.NotAMember);
        RuleFor(x => x.HostCloud).NotEmpty().OverridePropertyName("hostCloud").WithMessage(SubjectMessages.Required);
        RuleFor(x => x.CapacityMw).GreaterThanOrEqualTo(0).OverridePropertyName("capacityMw")
            .WithMessage("`capacityMw` must not be negative");
        RuleForEach(x => x.Partners).NotEmpty().OverridePropertyName("partners")
            .WithMessage("`{PropertyName}` must not hold an empty name");
        RuleForEach(x => x.Calls).SetValidator(new CallSubjectValidator()).OverridePropertyName("calls");
    }

    /// <summary>The rules above, checked without FluentValidation, and the call rules for each call.</summary>
    internal static bool IsCertainlyValid(DeploymentSubject deployment)
    {
        if (string.IsNullOrWhiteSpace(deployment.Product)
            || string.IsNullOrWhiteSpace(deployment.Vendor)
            || deployment.Runtime is not (RuntimeMode.Stateless or RuntimeMode.Stateful)
            || string.IsNullOrWhiteSpace(deployment.HostCloud)
            || (deployment.CapacityMw is { } capacity && !(capacity >= 0))
            || deployment.Partners is null
            || deployment.Calls is null)
        {
            return false;
        }

        var partners = deployment.Partners;
        for (var i = 0; i < partners.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(partners[i]))
            {
                return false;
            }
        }

        var calls = deployment.Calls;
        for (var i = 0; i < calls.Count; i++)
        {
            if (calls[i] is not { } call || !CallSubjectValidator.IsCertainlyValid(call))
            {
                return false;
            }
        }

        return true;
    }
}

internal static class SubjectMessages
{
    public const string Required = "`{PropertyName}` is required";

    public const string NotAMember = "`{PropertyName}` must be `stateless` or `stateful`";
}
