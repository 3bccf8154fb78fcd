namespace Compliance;

/// <summary>A place in a file: path, 1-based line and 1-based column.</summary>
/// <param name="File">The file's path as the caller named it.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column.</param>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    /// <summary>The location as <c>file:line</c>.</summary>
    public string FileAndLine => $"{File}:{Line}";

    /// <inheritdoc/>
    public override string ToString() => $"{File}:{Line}:{Column}";
}
