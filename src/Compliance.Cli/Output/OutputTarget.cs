using Compliance.Rules.Files;

namespace Compliance.Cli.Output;

/// <summary>A problem with the output path, already phrased for the user.</summary>
internal sealed class OutputException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Where a report goes: a writer the caller owns (standard output), or a file that is written to a
/// temporary file beside it and renamed into place only when the report is complete.</summary>
/// <remarks>The rename replaces whatever the path names, so the path is checked first: it must be absent or a regular
/// file that its mode lets be written. A symbolic link (the rename would replace the link, not the file), a device or a
/// named pipe (as root, the rename would replace <c>/dev/null</c> with a report) and a read-only file (root may rename
/// over one; the mode says it is not to be changed) are refused before anything is written, and checked again just before
/// the rename. Missing parent folders are created.</remarks>
internal sealed class OutputTarget : IDisposable
{
    private readonly string? _path;
    private readonly string? _display;
    private readonly string? _temporary;
    private readonly UnixFileMode? _mode;
    private bool _committed;

    private OutputTarget(TextWriter writer, string? path, string? display, string? temporary, UnixFileMode? mode)
    {
        Writer = writer;
        _path = path;
        _display = display;
        _temporary = temporary;
        _mode = mode;
    }

    public TextWriter Writer { get; }

    public static OutputTarget ToWriter(TextWriter writer) => new(writer, path: null, display: null, temporary: null, mode: null);

    /// <summary>Opens a temporary file in the same directory as <paramref name="path"/>, creating the directory if need be.</summary>
    /// <param name="path">The report's path, as the user gave it.</param>
    /// <param name="filter">Wraps the temporary file's stream (tests use it to fill the disk).</param>
    /// <exception cref="OutputException">The path cannot be written.</exception>
    public static OutputTarget ToFile(string path, Func<Stream, Stream>? filter = null)
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

        var existing = Refusal(full);
        if (existing.Problem is { } problem)
        {
            throw new OutputException($"cannot write output `{path}`: {problem}");
        }

        var directory = Path.GetDirectoryName(full) ?? throw new OutputException($"cannot write output `{path}`: not a file path");
        for (var ancestor = directory; ancestor is not null && !Directory.Exists(ancestor); ancestor = Path.GetDirectoryName(ancestor))
        {
            if (File.Exists(ancestor))
            {
                throw new OutputException($"cannot write output `{path}`: `{ancestor}` is a file, not a folder");
            }
        }

        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        FileStream? stream = null;
        try
        {
            Directory.CreateDirectory(directory);
            stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
            var writer = new StreamWriter(filter is null ? stream : filter(stream), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            return new OutputTarget(writer, full, path, temporary, existing.Mode);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            stream?.Dispose();
            TryDelete(temporary);
            throw new OutputException(exception switch
            {
                UnauthorizedAccessException => $"cannot write output `{path}`: permission denied",
                DirectoryNotFoundException => $"cannot write output `{path}`: directory `{Path.GetDirectoryName(path)}` cannot be created",
                _ => $"cannot write output `{path}`: {exception.Message}",
            }, exception);
        }
    }

    /// <summary>Why the report may not replace what <paramref name="full"/> names, if anything is there; else the mode to
    /// give the new file (that of the file it replaces).</summary>
    private static (string? Problem, UnixFileMode? Mode) Refusal(string full)
    {
        var kind = FileKinds.OfLink(full);
        switch (kind)
        {
            case FileKinds.Kind.Unknown:
                return (null, null);
            case FileKinds.Kind.SymbolicLink:
                return Directory.Exists(full)
                    ? ("it is a directory", null)
                    : ($"it is a symbolic link (to `{new FileInfo(full).LinkTarget}`); name the file itself", null);
            case FileKinds.Kind.Directory:
                return ("it is a directory", null);
            case not FileKinds.Kind.RegularFile:
                return ($"it is {FileKinds.Describe(kind)}, not a regular file", null);
        }

        if (OperatingSystem.IsWindows())
        {
            return File.GetAttributes(full).HasFlag(FileAttributes.ReadOnly) ? ("it is read-only", null) : (null, null);
        }

        var mode = File.GetUnixFileMode(full);
        const UnixFileMode anyWrite = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        if ((mode & anyWrite) == 0)
        {
            // Root could rename over it, and could write it: the mode is the owner's word that it is not to be changed.
            return ($"it is read-only (mode {Convert.ToString((int)mode & 0x1FF, 8).PadLeft(4, '0')})", null);
        }

        try
        {
            // Opening for writing changes nothing (no truncation) and asks the system the user's own permission.
            using var probe = new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        }
        catch (UnauthorizedAccessException)
        {
            return ("permission denied", null);
        }
        catch (IOException)
        {
            // Locked or vanished: creating the temporary file or the rename will say what is wrong.
        }

        return (null, mode);
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
        if (Refusal(_path).Problem is { } problem)
        {
            throw new OutputException($"cannot write output `{_display}`: {problem}");
        }

        try
        {
            if (_mode is { } mode && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(_temporary, mode);
            }

            File.Move(_temporary, _path, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"cannot write output `{_display}`: {exception.Message}", exception);
        }

        _committed = true;
    }

    /// <summary>For a file not committed, closes and deletes the temporary file, leaving any earlier report untouched.
    /// Never throws: it runs after a failure that has been reported already (a full disk fails the close again).</summary>
    public void Dispose()
    {
        if (_temporary is null || _committed)
        {
            return;
        }

        try
        {
            Writer.Dispose();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // The close flushes what the failed write left in the buffer, and fails the same way; the file goes anyway.
        }

        TryDelete(_temporary);
    }

    private static void TryDelete(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Best effort: the run already failed and said why; a stray temporary file is the lesser harm.
        }
    }
}
