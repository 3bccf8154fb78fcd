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
    private static readonly string[] Effects = ["violation", "review", "warning"];

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

    private static Diagnostic ToDiagnostic(ValidationFailure failure)
    {
        var at = failure.CustomState is SourceLocation location ? location : default;
        return Diagnostic.Error(failure.ErrorCode, at, failure.ErrorMessage);
    }

    private static bool ValidId(ScalarNode? id) => id is null || Id.IsMatch(id.Value!);

    private static SourceLocation At(ScalarNode? node, SourceLocation fallback) => node?.Location ?? fallback;

    private sealed class ContractValidator : AbstractValidator<ContractDocument>
    {
        public ContractValidator()
        {
            RuleFor(c => c.Id).NotNull().WithErrorCode(DiagnosticCodes.MissingKey).WithMessage(LoadMessages.ContractNeedsId).WithState(c => c.Location);
            RuleFor(c => c.Id).Must(ValidId).WithErrorCode(DiagnosticCodes.InvalidId)
                .WithMessage(c => LoadMessages.InvalidId("contract", c.Id!.Value))
                .WithState(c => At(c.Id, c.Location));
            RuleFor(c => c.Title).NotEmpty().WithErrorCode(DiagnosticCodes.MissingKey).WithMessage(LoadMessages.ContractNeedsTitle).WithState(c => c.Location);
        }
    }

    private sealed class ClauseValidator : AbstractValidator<ClauseDocument>
    {
        public ClauseValidator()
        {
            RuleFor(c => c.Id).NotNull().WithErrorCode(DiagnosticCodes.MissingKey).WithMessage(LoadMessages.ClauseNeedsId).WithState(c => c.Location);
            RuleFor(c => c.Id).Must(ValidId).WithErrorCode(DiagnosticCodes.InvalidId)
                .WithMessage(c => LoadMessages.InvalidId("clause", c.Id!.Value))
                .WithState(c => At(c.Id, c.Location));
            RuleFor(c => c.Title).NotEmpty().WithErrorCode(DiagnosticCodes.MissingKey)
                .WithMessage(c => LoadMessages.ClauseNeedsTitle(c.Id?.Value)).WithState(c => c.Location);
            RuleFor(c => c.Text).NotEmpty().WithErrorCode(DiagnosticCodes.MissingKey)
                .WithMessage(c => LoadMessages.ClauseNeedsText(c.Id?.Value)).WithState(c => c.Location);
            RuleFor(c => c.AppliesTo).NotNull().WithErrorCode(DiagnosticCodes.MissingKey)
                .WithMessage(c => LoadMessages.ClauseNeedsAppliesTo(c.Id?.Value)).WithState(c => c.Location);
            RuleFor(c => c).Must(c => (c.Require is null) != (c.Forbid is null)).WithErrorCode(DiagnosticCodes.RequireOrForbid)
                .WithMessage(c => c.Require is null
                    ? LoadMessages.ClauseNeedsRequireOrForbid(c.Id?.Value)
                    : LoadMessages.ClauseHasRequireAndForbid(c.Id?.Value))
                .WithState(c => c.Location);
            RuleFor(c => c.Effect).Must(e => e is null || Effects.Contains(e.Value)).WithErrorCode(DiagnosticCodes.InvalidValue)
                .WithMessage(c => LoadMessages.InvalidEffect(c.Effect!.Value))
                .WithState(c => At(c.Effect, c.Location));
            RuleForEach(c => c.Exceptions).SetValidator(new ExceptionValidator());
        }
    }

    private sealed class ExceptionValidator : AbstractValidator<ExceptionDocument>
    {
        public ExceptionValidator()
        {
            RuleFor(e => e.Id).NotNull().WithErrorCode(DiagnosticCodes.MissingKey).WithMessage(LoadMessages.ExceptionNeedsId).WithState(e => e.Location);
            RuleFor(e => e.Id).Must(ValidId).WithErrorCode(DiagnosticCodes.InvalidId)
                .WithMessage(e => LoadMessages.InvalidId("exception", e.Id!.Value))
                .WithState(e => At(e.Id, e.Location));
            RuleFor(e => e.When).NotNull().WithErrorCode(DiagnosticCodes.MissingKey)
                .WithMessage(e => LoadMessages.ExceptionNeedsWhen(e.Id?.Value)).WithState(e => e.Location);
        }
    }

    private sealed class WaiverValidator : AbstractValidator<WaiverDocument>
    {
        public WaiverValidator()
        {
            RuleFor(w => w.Id).NotNull().WithErrorCode(DiagnosticCodes.MissingKey).WithMessage(LoadMessages.WaiverNeedsId).WithState(w => w.Location);
            RuleFor(w => w.Id).Must(id => id is null || WaiverId.IsMatch(id.Value!)).WithErrorCode(DiagnosticCodes.InvalidId)
                .WithMessage(w => LoadMessages.InvalidWaiverId(w.Id!.Value))
                .WithState(w => At(w.Id, w.Location));
            RuleFor(w => w.Clause).NotNull().WithErrorCode(DiagnosticCodes.MissingKey)
                .WithMessage(w => LoadMessages.WaiverNeedsClause(w.Id?.Value)).WithState(w => w.Location);
            RuleFor(w => w.Expires).NotNull().WithErrorCode(DiagnosticCodes.MissingKey)
                .WithMessage(w => LoadMessages.WaiverNeedsExpires(w.Id?.Value)).WithState(w => w.Location);
            RuleFor(w => w.Reason).NotEmpty().WithErrorCode(DiagnosticCodes.MissingKey)
                .WithMessage(w => LoadMessages.WaiverNeedsReason(w.Id?.Value)).WithState(w => w.Location);
        }
    }

    private sealed class TestValidator : AbstractValidator<TestDocument>
    {
        public TestValidator()
        {
            RuleFor(t => t.Name).NotNull().WithErrorCode(DiagnosticCodes.MissingKey).WithMessage(LoadMessages.TestNeedsName).WithState(t => t.Location);
            RuleFor(t => t.Subject).NotNull().WithErrorCode(DiagnosticCodes.MissingKey)
                .WithMessage(t => LoadMessages.TestNeedsSubject(t.Name?.Value)).WithState(t => t.Location);
            RuleFor(t => t).Must(t => t.Outcome is not null || t.Clauses.Count > 0).WithErrorCode(DiagnosticCodes.MissingKey)
                .WithMessage(t => LoadMessages.TestNeedsExpect(t.Name?.Value)).WithState(t => t.Location);
        }
    }
}
