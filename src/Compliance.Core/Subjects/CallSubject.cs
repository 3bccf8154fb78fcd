namespace Compliance.Subjects;

/// <summary>A model API call: the <c>call</c> subject kind.</summary>
/// <remarks>Required fields are nullable so that a subject read from a file can be missing them;
/// <see cref="CallSubjectValidator"/> reports each missing one.</remarks>
public sealed record CallSubject
{
    /// <summary>The subject's identifier; when absent the command line uses <c>file:line</c>.</summary>
    public string? Id { get; init; }

    /// <summary>The model's vendor, such as <c>OpenAI</c>. Required.</summary>
    public string? Vendor { get; init; }

    /// <summary>The model called, such as <c>gpt-5</c>. Required.</summary>
    public string? Model { get; init; }

    /// <summary>Whether the call is stateless or stateful. Required.</summary>
    public RuntimeMode? Mode { get; init; }

    /// <summary>The cloud the call runs on, such as <c>Azure</c>. Required.</summary>
    public string? Cloud { get; init; }

    /// <summary>The cloud region.</summary>
    public string? Region { get; init; }

    /// <summary>The endpoint called.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The product making the call.</summary>
    public string? Product { get; init; }

    /// <summary>The customer on whose behalf the call is made.</summary>
    public string? Customer { get; init; }

    /// <summary>The number of tokens processed.</summary>
    public long? Tokens { get; init; }

    /// <summary>When the call happened; supplies the evaluation date when no <c>asOf</c> is given.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Free-form labels.</summary>
    /// <value>The default is an empty map.</value>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = EmptyTags.Instance;
}

internal static class EmptyTags
{
    public static readonly IReadOnlyDictionary<string, string> Instance =
        new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(new Dictionary<string, string>());
}
