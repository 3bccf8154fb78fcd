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

    private static Diagnostic ToDiagnostic(ValidationFailure failure)
    {
        var at = failure.CustomState is SourceLocation location ? location : default;
        return Diagnostic.Error(failure.ErrorCode, at, failure.ErrorMessage);
    }

    private static bool ValidId(ScalarNode? id) => id is null || Id.IsMatch(id.Value!);

    private static SourceLocation At(ScalarNode? node, SourceLocation fallback) => node?.Location ?? fallback;

    private static bool Filled(string? text) => !string.IsNullOrWhiteSpace(text);

    /// <summary>A validator whose required keys come from the document grammar: each missing one is reported at the map,
    /// in the grammar's order.</summary>
    private abstract class RequiredKeysValidator<T> : AbstractValidator<T>
    {
        protected RequiredKeysValidator(DocumentMap grammar, Func<T, string, bool> has, Func<T, SourceLocation> location, Func<T, string?> owner)
        {
            foreach (var key in grammar.Required)
            {
                RuleFor(d => d).Must(d => has(d, key.Name)).WithName(key.Name).WithErrorCode(DiagnosticCodes.MissingKey)
                    .WithMessage(d => LoadMessages.MissingKey(grammar.Name, key.Name, owner(d))).WithState(d => location(d));
            }
        }

        protected static bool Unknown(string key) =>
            throw new InvalidOperationException($"the grammar requires `{key}`, which the validator of {typeof(T).Name} does not read");
    }

    private sealed class ContractValidator : RequiredKeysValidator<ContractDocument>
    {
        public ContractValidator()
            : base(DocumentGrammar.Contract, Has, c => c.Location, c => c.Id?.Value)
        {
            RuleFor(c => c.Id).Must(ValidId).WithErrorCode(DiagnosticCodes.InvalidId)
                .WithMessage(c => LoadMessages.InvalidId("contract", c.Id!.Value))
                .WithState(c => At(c.Id, c.Location));
        }

        private static bool Has(ContractDocument c, string key) => key switch
        {
            "id" => c.Id is not null,
            "title" => Filled(c.Title),
            _ => Unknown(key),
        };
    }

    private sealed class ClauseValidator : RequiredKeysValidator<ClauseDocument>
    {
        public ClauseValidator()
            : base(DocumentGrammar.Clause, Has, c => c.Location, c => c.Id?.Value)
        {
            RuleFor(c => c.Id).Must(ValidId).WithErrorCode(DiagnosticCodes.InvalidId)
                .WithMessage(c => LoadMessages.InvalidId("clause", c.Id!.Value))
                .WithState(c => At(c.Id, c.Location));
            RuleFor(c => c).Must(c => (c.Require is null) != (c.Forbid is null)).WithErrorCode(DiagnosticCodes.RequireOrForbid)
                .WithMessage(c => c.Require is null
                    ? LoadMessages.ClauseNeedsRequireOrForbid(c.Id?.Value)
                    : LoadMessages.ClauseHasRequireAndForbid(c.Id?.Value))
                .WithState(c => c.Location);
            RuleFor(c => c.Effect).Must(e => e is null || DocumentGrammar.Effects.Contains(e.Value!)).WithErrorCode(DiagnosticCodes.InvalidValue)
                .WithMessage(c => LoadMessages.InvalidEffect(c.Effect!.Value))
                .WithState(c => At(c.Effect, c.Location));
            RuleForEach(c => c.Exceptions).SetValidator(new ExceptionValidator());
        }

        private static bool Has(ClauseDocument c, string key) => key switch
        {
            "id" => c.Id is not null,
            "title" => Filled(c.Title),
            "text" => Filled(c.Text),
            "appliesTo" => c.AppliesTo is not null,
            _ => Unknown(key),
        };
    }

    private sealed class ExceptionValidator : RequiredKeysValidator<ExceptionDocument>
    {
        public ExceptionValidator()
            : base(DocumentGrammar.Exception, Has, e => e.Location, e => e.Id?.Value)
        {
            RuleFor(e => e.Id).Must(ValidId).WithErrorCode(DiagnosticCodes.InvalidId)
                .WithMessage(e => LoadMessages.InvalidId("exception", e.Id!.Value))
                .WithState(e => At(e.Id, e.Location));
        }

        private static bool Has(ExceptionDocument e, string key) => key switch
        {
            "id" => e.Id is not null,
            "when" => e.When is not null,
            _ => Unknown(key),
        };
    }

    private sealed class WaiverValidator : RequiredKeysValidator<WaiverDocument>
    {
        public WaiverValidator()
            : base(DocumentGrammar.Waiver, Has, w => w.Location, w => w.Id?.Value)
        {
            RuleFor(w => w.Id).Must(id => id is null || WaiverId.IsMatch(id.Value!)).WithErrorCode(DiagnosticCodes.InvalidId)
                .WithMessage(w => LoadMessages.InvalidWaiverId(w.Id!.Value))
                .WithState(w => At(w.Id, w.Location));
        }

        private static bool Has(WaiverDocument w, string key) => key switch
        {
            "id" => w.Id is not null,
            "clause" => w.Clause is not null,
            "reason" => Filled(w.Reason),
            "expires" => w.Expires is not null,
            _ => Unknown(key),
        };
    }

    private sealed class TestValidator : RequiredKeysValidator<TestDocument>
    {
        public TestValidator()
            : base(DocumentGrammar.Test, Has, t => t.Location, t => t.Name?.Value)
        {
        }

        private static bool Has(TestDocument t, string key) => key switch
        {
            "name" => t.Name is not null,
            "subject" => t.Subject is not null,
            "expect" => t.Outcome is not null || t.Clauses.Count > 0,
            _ => Unknown(key),
        };
    }
}
