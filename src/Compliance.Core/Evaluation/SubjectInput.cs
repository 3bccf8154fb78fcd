using Compliance.Subjects;

namespace Compliance.Evaluation;

/// <summary>A subject as read from an input: the typed value, or the errors that stopped it being read, and where it came from.</summary>
public sealed record SubjectInput
{
    /// <summary>The typed subject; <see langword="null"/> when it could not be read at all. With <see cref="Errors"/>,
    /// the part that could be read: it is validated too, so that the verdict lists every problem, but never judged.</summary>
    public object? Subject { get; init; }

    /// <summary>The kind's name, when known.</summary>
    public string? Kind { get; init; }

    /// <summary>The id to report; when <see langword="null"/>, the subject's own <c>id</c> field, else <see cref="Source"/>.</summary>
    public string? Id { get; init; }

    /// <summary>Where the subject came from, as <c>file:line</c>.</summary>
    public string? Source { get; init; }

    /// <summary>Problems found while reading the subject; a subject with any is judged <c>indeterminate</c>.</summary>
    public IReadOnlyList<SubjectError> Errors { get; init; } = [];

    /// <summary>Wraps a subject made in code.</summary>
    public static SubjectInput From(object subject, string? source = null) => new() { Subject = subject, Source = source };
}
