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
    public static readonly IValidator<DefinitionDocument> Definition = new DefinitionValidator();
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

    /// <summary>Whether a definition's <c>values</c> is a non-empty list of single values.</summary>
    public static bool IsValueList(DataNode values) => values is ListNode { Items.Count: > 0 } list && list.Items.All(i => i is ScalarNode { IsNull: false });

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
        new(At(id, fallback), id?.Value is { } text && SuggestId(text) is { } valid ? LoadMessages.ValidIdHint(valid) : null);

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

        /// <summary>Reports an id that is not lower-case letters, digits and hyphens, at the id, with the valid id it was
        /// probably meant as.</summary>
        protected void IdFormat(System.Linq.Expressions.Expression<Func<T, ScalarNode?>> id, string what, Func<T, SourceLocation> location)
        {
            var read = id.Compile();
            RuleFor(id).Must(ValidId).WithErrorCode(DiagnosticCodes.InvalidId)
                .WithMessage(d => LoadMessages.InvalidId(what, read(d)!.Value))
                .WithState(d => IdAt(read(d), location(d)));
        }

        protected static bool Unknown(string key) =>
            throw new InvalidOperationException($"the grammar requires `{key}`, which the validator of {typeof(T).Name} does not read");
    }

    private sealed class ContractValidator : RequiredKeysValidator<ContractDocument>
    {
        public ContractValidator()
            : base(DocumentGrammar.Contract, Has, c => c.Location, c => c.Id?.Value)
        {
            IdFormat(c => c.Id, "contract", c => c.Location);
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
            IdFormat(c => c.Id, "clause", c => c.Location);
            RuleFor(c => c).Must(c => (c.Require is null) != (c.Forbid is null)).WithErrorCode(DiagnosticCodes.RequireOrForbid)
                .WithMessage(c => c.Require is null
                    ? LoadMessages.ClauseNeedsRequireOrForbid(c.Id?.Value)
                    : LoadMessages.ClauseHasRequireAndForbid(c.Id?.Value))
                .WithState(c => c.Location);
            RuleFor(c => c.Effect).Must(e => e is null || Keywords.EffectOf(e.Value!) is not null).WithErrorCode(DiagnosticCodes.InvalidValue)
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
            IdFormat(e => e.Id, "exception", e => e.Location);
        }

        private static bool Has(ExceptionDocument e, string key) => key switch
        {
            "id" => e.Id is not null,
            "when" => e.When is not null,
            _ => Unknown(key),
        };
    }

    private sealed class DefinitionValidator : RequiredKeysValidator<DefinitionDocument>
    {
        public DefinitionValidator()
            : base(DocumentGrammar.Definition, Has, d => d.Location, d => d.Id?.Value)
        {
            RuleFor(d => d.Id).Must(ValidId).WithErrorCode(DiagnosticCodes.InvalidId)
                .WithMessage(d => LoadMessages.InvalidId("definition", d.Id!.Value))
                .WithState(d => At(d.Id, d.Location));
            RuleFor(d => d).Must(d => (d.Values is null) != (d.Condition is null)).WithErrorCode(DiagnosticCodes.InvalidDefinition)
                .WithMessage(d => d.Values is null ? LoadMessages.DefinitionNeedsOne(d.Id?.Value) : LoadMessages.DefinitionHasBoth(d.Id?.Value))
                .WithState(d => d.Location);
            RuleFor(d => d.Values).Must(v => v is null || IsValueList(v))
                .WithErrorCode(DiagnosticCodes.InvalidDefinition)
                .WithMessage(d => LoadMessages.DefinitionValuesNotAList(d.Id?.Value))
                .WithState(d => d.Values!.Location);
        }

        private static bool Has(DefinitionDocument d, string key) => key switch
        {
            "id" => d.Id is not null,
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
            RuleFor(w => w).Must(w => w.Expires is not null || w.Through is not null).WithErrorCode(DiagnosticCodes.MissingKey)
                .WithMessage(w => LoadMessages.WaiverNeedsEnd(w.Id?.Value))
                .WithState(w => w.Location);
            RuleFor(w => w).Must(w => w.Expires is null || w.Through is null).WithErrorCode(DiagnosticCodes.UntilAndThrough)
                .WithMessage(w => LoadMessages.WaiverExpiresAndThrough(w.Id?.Value))
                .WithState(w => At(w.Through, w.Location));
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
