namespace Compliance.Subjects;

/// <summary>Whether a model call or runtime keeps state between interactions.</summary>
public enum RuntimeMode
{
    /// <summary>The model has no memory of previous interactions.</summary>
    Stateless,

    /// <summary>The model or runtime keeps context across interactions.</summary>
    Stateful,
}
