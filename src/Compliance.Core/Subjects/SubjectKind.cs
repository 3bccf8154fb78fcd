using FluentValidation;

namespace Compliance.Subjects;

/// <summary>A named kind of subject: its CLR type, its field model and an optional validator.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class SubjectKind
{
    private readonly IValidator? _validator;

    internal SubjectKind(string name, Type clrType, SubjectTypeModel model, IValidator? validator)
    {
        Name = name;
        ClrType = clrType;
        Model = model;
        _validator = validator;
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
    internal bool IsCertainlyValid(object subject) => _validator switch
    {
        null => true,
        IQuickValidity quick => quick.IsCertainlyValid(subject),
        _ => false,
    };

    /// <summary>Validates a subject of this kind; returns every problem found, or an empty list.</summary>
    /// <param name="subject">A subject whose type is <see cref="ClrType"/>.</param>
    public IReadOnlyList<SubjectError> Validate(object subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (_validator is null)
        {
            return [];
        }

        var result = _validator.Validate(new ValidationContext<object>(subject));
        if (result.IsValid)
        {
            return [];
        }

        return result.Errors.Select(e => new SubjectError(e.PropertyName, e.ErrorMessage)).ToArray();
    }
}

/// <summary>A validator that can tell cheaply, without allocating, that a subject is valid.</summary>
/// <remarks>The check may answer false for a valid subject (the validator then runs and finds nothing), but never true for
/// an invalid one.</remarks>
internal interface IQuickValidity
{
    bool IsCertainlyValid(object subject);
}

/// <summary>A problem with a subject: the field it concerns (if any) and what is wrong.</summary>
/// <param name="Path">The field's path, such as <c>mode</c> or <c>calls[0].cloud</c>; <see langword="null"/> for the whole subject.</param>
/// <param name="Message">What is wrong, in one line.</param>
public sealed record SubjectError(string? Path, string Message);
