namespace Compliance.Cli.Output;

/// <summary>A problem with the output path, already phrased for the user.</summary>
internal sealed class OutputException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Where a report goes: a writer the caller owns (standard output), or a file that is written to a
/// temporary file beside it and renamed into place only when the report is complete.</summary>
internal sealed class OutputTarget : IDisposable
{
    private readonly string? _path;
    private readonly string? _temporary;
    private bool _committed;

    private OutputTarget(TextWriter writer, string? path, string? temporary)
    {
        Writer = writer;
        _path = path;
        _temporary = temporary;
    }

    public TextWriter Writer { get; }

    public static OutputTarget ToWriter(TextWriter writer) => new(writer, path: null, temporary: null);

    /// <summary>Opens a temporary file in the same directory as <paramref name="path"/>.</summary>
    /// <exception cref="OutputException">The path cannot be written.</exception>
    public static OutputTarget ToFile(string path)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new OutputException($"cannot write output `{path}`: not a valid file path", exception);
        }

        if (Directory.Exists(full))
        {
            throw new OutputException($"cannot write output `{path}`: it is a directory");
        }

        var directory = Path.GetDirectoryName(full) ?? throw new OutputException($"cannot write output `{path}`: not a file path");
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
            var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            return new OutputTarget(writer, full, temporary);
        }
        catch (DirectoryNotFoundException exception)
        {
            throw new OutputException($"cannot write output `{path}`: directory `{Path.GetDirectoryName(path)}` does not exist", exception);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new OutputException($"cannot write output `{path}`: permission denied", exception);
        }
        catch (IOException exception)
        {
            throw new OutputException($"cannot write output `{path}`: {exception.Message}", exception);
        }
    }

    /// <summary>Flushes the report and, for a file, moves it into place.</summary>
    public void Commit()
    {
        Writer.Flush();
        if (_path is null || _temporary is null)
        {
            return;
        }

        Writer.Dispose();
        try
        {
            File.Move(_temporary, _path, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"cannot write output `{_path}`: {exception.Message}", exception);
        }

        _committed = true;
    }

    /// <summary>For a file not committed, closes and deletes the temporary file, leaving any earlier report untouched.</summary>
    public void Dispose()
    {
        if (_temporary is null || _committed)
        {
            return;
        }

        Writer.Dispose();
        try
        {
            File.Delete(_temporary);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Best effort: the run already failed and said why; a stray temporary file is the lesser harm.
        }
    }
}
