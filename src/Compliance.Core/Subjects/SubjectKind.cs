using FluentValidation;

namespace Compliance.Subjects;

/// <summary>A named kind of subject: its CLR type, its field model and an optional validator.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class SubjectKind
{
    private readonly Lazy<IValidator>? _validator;
    private readonly Func<object, bool>? _quickCheck;

    /// <param name="name">The kind's name.</param>
    /// <param name="clrType">The subjects' CLR type.</param>
    /// <param name="model">The fields rule paths may name.</param>
    /// <param name="validator">The validator, built on first use: building FluentValidation's rules compiles an expression
    /// for each property, which a run whose subjects all pass <paramref name="quickCheck"/> never needs.</param>
    /// <param name="quickCheck">A check that tells, without the validator, that a subject is valid (the built-in kinds have
    /// one); it may answer false for a valid subject, but never true for an invalid one.</param>
    internal SubjectKind(string name, Type clrType, SubjectTypeModel model, Lazy<IValidator>? validator, Func<object, bool>? quickCheck)
    {
        Name = name;
        ClrType = clrType;
        Model = model;
        _validator = validator;
        _quickCheck = quickCheck;
    }

    /// <summary>The kind's name as rule files and subject files spell it (<c>call</c>, <c>deployment</c>).</summary>
    public string Name { get; }

    /// <summary>The CLR type of subjects of this kind.</summary>
    public Type ClrType { get; }

    /// <summary>The fields rule paths may name.</summary>
    public SubjectTypeModel Model { get; }

    /// <summary>Whether the subject is certainly valid, told without running the validator: true when the kind has no
    /// validator, or when its validator has a quick check (the built-in kinds' do) and the check finds nothing wrong.
    /// When false, <see cref="Validate"/> decides, and says what is wrong.</summary>
    internal bool IsCertainlyValid(object subject) => _validator is null || (_quickCheck is { } quick && quick(subject));

    /// <summary>Validates a subject of this kind; returns every problem found, or an empty list.</summary>
    /// <param name="subject">A subject whose type is <see cref="ClrType"/>.</param>
    public IReadOnlyList<SubjectError> Validate(object subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (_validator is null)
        {
            return [];
        }

        var result = _validator.Value.Validate(new ValidationContext<object>(subject));
        if (result.IsValid)
        {
            return [];
        }

        return result.Errors.Select(e => new SubjectError(e.PropertyName, e.ErrorMessage)).ToArray();
    }
}

/// <summary>A problem with a subject: the field it concerns (if any) and what is wrong.</summary>
/// <param name="Path">The field's path, such as <c>mode</c> or <c>calls[0].cloud</c>; <see langword="null"/> for the whole subject.</param>
/// <param name="Message">What is wrong, in one line.</param>
public sealed record SubjectError(string? Path, string Message);
