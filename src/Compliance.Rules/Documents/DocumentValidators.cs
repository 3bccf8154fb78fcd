using Compliance.Rules.Diagnostics;
using Compliance.Rules.Yaml;
using FluentValidation;
using FluentValidation.Results;

namespace Compliance.Rules.Documents;

/// <summary>FluentValidation rules for the parts of rule documents that do not depend on other files:
/// required keys, id formats and allowed words. Each failure carries its location and code.</summary>
internal static class DocumentValidators
{
    public const string IdPattern = "^[a-z0-9][a-z0-9-]*$";
    public const string WaiverIdPattern = "^[A-Za-z0-9][A-Za-z0-9._-]*$";

    private static readonly System.Text.RegularExpressions.Regex Id = new(IdPattern);
    private static readonly System.Text.RegularExpressions.Regex WaiverId = new(WaiverIdPattern);

    public static readonly IValidator<ContractDocument> Contract = new ContractValidator();
    public static readonly IValidator<ClauseDocument> Clause = new ClauseValidator();
    public static readonly IValidator<ExceptionDocument> Exception = new ExceptionValidator();
    public static readonly IValidator<WaiverDocument> Waiver = new WaiverValidator();
    public static readonly IValidator<TestDocument> Test = new TestValidator();

    public static void Report<T>(IValidator<T> validator, T document, List<Diagnostic> diagnostics)
    {
        foreach (var failure in validator.Validate(document).Errors)
        {
            diagnostics.Add(ToDiagnostic(failure));
        }
    }

    private static Diagnostic ToDiagnostic(ValidationFailure failure) => failure.CustomState switch
    {
        Hinted hinted => Diagnostic.Error(failure.ErrorCode, hinted.At, failure.ErrorMessage, hinted.Hint),
        SourceLocation location => Diagnostic.Error(failure.ErrorCode, location, failure.ErrorMessage),
        _ => Diagnostic.Error(failure.ErrorCode, default, failure.ErrorMessage),
    };

    /// <summary>A failure's location with a hint.</summary>
    private sealed record Hinted(SourceLocation At, string? Hint);

    private static bool ValidId(ScalarNode? id) => id is null || Id.IsMatch(id.Value!);

    /// <summary>Whether a text is a valid contract, clause or exception id.</summary>
    public static bool IsValidId(string id) => Id.IsMatch(id);

    /// <summary>The valid id an invalid one was probably meant as: <c>EU_Data_Residency</c> is <c>eu-data-residency</c>,
    /// <c>AzureExclusivity</c> is <c>azure-exclusivity</c>; <see langword="null"/> when nothing of it is left.</summary>
    public static string? SuggestId(string id)
    {
        var builder = new System.Text.StringBuilder(id.Length + 4);
        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            if (char.IsAsciiLetterUpper(c) && i > 0 && (char.IsAsciiLetterLower(id[i - 1]) || char.IsAsciiDigit(id[i - 1])))
            {
                builder.Append('-');
            }

            builder.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }

        var parts = builder.ToString().Split('-', StringSplitOptions.RemoveEmptyEntries);
        var suggestion = string.Join('-', parts);
        return suggestion.Length > 0 && Id.IsMatch(suggestion) && suggestion != id ? suggestion : null;
    }

    private static Hinted IdAt(ScalarNode? id, SourceLocation fallback) =>
        new(At(id, fallback), id?.Value is { } text && SuggestId(text) is { } valid ? $"such as `{valid}`" : null);

    private static SourceLocation At(ScalarNode? node, SourceLocation fallback) => node?.Location ?? fallback;

    private sealed class ContractValidator : AbstractValidator<ContractDocument>
    {
        public ContractValidator()
        {
            RuleFor(c => c.Id).NotNull().WithErrorCode(DiagnosticCodes.MissingKey).WithMessage("the contract needs an `id`").WithState(c => c.Location);
            RuleFor(c => c.Id).Must(ValidId).WithErrorCode(DiagnosticCodes.InvalidId)
                .WithMessage(c => $"the contract id `{c.Id!.Value}` must be lowercase letters, digits and dashes, starting with a letter or digit")
                .WithState(c => IdAt(c.Id, c.Location));
            RuleFor(c => c.Title).NotEmpty().WithErrorCode(DiagnosticCodes.MissingKey).WithMessage("the contract needs a `title`").WithState(c => c.Location);
        }
    }

    private sealed class ClauseValidator : AbstractValidator<ClauseDocument>
    {
        public ClauseValidator()
        {
            RuleFor(c => c.Id).NotNull().WithErrorCode(DiagnosticCodes.MissingKey).WithMessage("the clause needs an `id`").WithState(c => c.Location);
            RuleFor(c => c.Id).Must(ValidId).WithErrorCode(DiagnosticCodes.InvalidId)
                .WithMessage(c => $"the clause id `{c.Id!.Value}` must be lowercase letters, digits and dashes, starting with a letter or digit")
                .WithState(c => IdAt(c.Id, c.Location));
            RuleFor(c => c.Title).NotEmpty().WithErrorCode(DiagnosticCodes.MissingKey)
                .WithMessage(c => $"clause `{c.Id?.Value}` needs a `title`").WithState(c => c.Location);
            RuleFor(c => c.Text).NotEmpty().WithErrorCode(DiagnosticCodes.MissingKey)
                .WithMessage(c => $"clause `{c.Id?.Value}` needs `text`: the contract's words").WithState(c => c.Location);
            RuleFor(c => c.AppliesTo).NotNull().WithErrorCode(DiagnosticCodes.MissingKey)
                .WithMessage(c => $"clause `{c.Id?.Value}` needs `appliesTo`: the kind of subject it judges").WithState(c => c.Location);
            RuleFor(c => c).Must(c => (c.Require is null) != (c.Forbid is null)).WithErrorCode(DiagnosticCodes.RequireOrForbid)
                .WithMessage(c => c.Require is null
                    ? $"clause `{c.Id?.Value}` needs one of `require` or `forbid`"
                    : $"clause `{c.Id?.Value}` has both `require` and `forbid`; a clause has exactly one")
                .WithState(c => c.Location);
            RuleFor(c => c.Effect).Must(e => e is null || Keywords.EffectOf(e.Value!) is not null).WithErrorCode(DiagnosticCodes.InvalidValue)
                .WithMessage(c => $"`effect` is `{c.Effect!.Value}`; it must be one of `violation`, `review`, `warning`")
                .WithState(c => At(c.Effect, c.Location));
            RuleForEach(c => c.Exceptions).SetValidator(new ExceptionValidator());
        }
    }

    private sealed class ExceptionValidator : AbstractValidator<ExceptionDocument>
    {
        public ExceptionValidator()
        {
            RuleFor(e => e.Id).NotNull().WithErrorCode(DiagnosticCodes.MissingKey).WithMessage("the exception needs an `id`").WithState(e => e.Location);
            RuleFor(e => e.Id).Must(ValidId).WithErrorCode(DiagnosticCodes.InvalidId)
                .WithMessage(e => $"the exception id `{e.Id!.Value}` must be lowercase letters, digits and dashes, starting with a letter or digit")
                .WithState(e => IdAt(e.Id, e.Location));
            RuleFor(e => e.When).NotNull().WithErrorCode(DiagnosticCodes.MissingKey)
                .WithMessage(e => $"exception `{e.Id?.Value}` needs `when`: the subjects it exempts").WithState(e => e.Location);
        }
    }

    private sealed class WaiverValidator : AbstractValidator<WaiverDocument>
    {
        public WaiverValidator()
        {
            RuleFor(w => w.Id).NotNull().WithErrorCode(DiagnosticCodes.MissingKey).WithMessage("the waiver needs an `id`").WithState(w => w.Location);
            RuleFor(w => w.Id).Must(id => id is null || WaiverId.IsMatch(id.Value!)).WithErrorCode(DiagnosticCodes.InvalidId)
                .WithMessage(w => $"the waiver id `{w.Id!.Value}` must be letters, digits, dots, dashes and underscores")
                .WithState(w => At(w.Id, w.Location));
            RuleFor(w => w.Clause).NotNull().WithErrorCode(DiagnosticCodes.MissingKey)
                .WithMessage(w => $"waiver `{w.Id?.Value}` needs `clause`: the qualified id of the clause it waives").WithState(w => w.Location);
            RuleFor(w => w.Expires).NotNull().WithErrorCode(DiagnosticCodes.MissingKey)
                .WithMessage(w => $"waiver `{w.Id?.Value}` needs `expires`: every waiver ends").WithState(w => w.Location);
            RuleFor(w => w.Reason).NotEmpty().WithErrorCode(DiagnosticCodes.MissingKey)
                .WithMessage(w => $"waiver `{w.Id?.Value}` needs a `reason`").WithState(w => w.Location);
        }
    }

    private sealed class TestValidator : AbstractValidator<TestDocument>
    {
        public TestValidator()
        {
            RuleFor(t => t.Name).NotNull().WithErrorCode(DiagnosticCodes.MissingKey).WithMessage("the test needs a `name`").WithState(t => t.Location);
            RuleFor(t => t.Subject).NotNull().WithErrorCode(DiagnosticCodes.MissingKey)
                .WithMessage(t => $"test `{t.Name?.Value}` needs a `subject`").WithState(t => t.Location);
            RuleFor(t => t).Must(t => t.Outcome is not null || t.Clauses.Count > 0).WithErrorCode(DiagnosticCodes.MissingKey)
                .WithMessage(t => $"test `{t.Name?.Value}` needs `expect` with an `outcome` or `clauses`").WithState(t => t.Location);
        }
    }
}
