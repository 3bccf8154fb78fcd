using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Compliance.Rules.Files;

/// <summary>Finds and reads rule and subject files without letting a folder's contents reach beyond it, a file's size
/// exceed a limit, or a special file block or flood the reader. A folder in a pull request can hold symbolic links: to
/// <c>/dev/zero</c> (an endless file whose size reads as 0), to <c>/etc</c>, <c>/proc/self</c> or the runner's home
/// (files whose contents would be echoed in diagnostics), or to itself (a loop), directly or through a link to a folder
/// (<c>s.yaml -> d/secret.yaml</c> with <c>d -> /etc</c>). A link is followed only when the path it leads to, with every
/// link along it resolved, is inside the folder named on the command line; and only regular files are read.</summary>
internal static class InputFiles
{
    /// <summary>The most links followed while resolving one path, as the system's own limit (<c>ELOOP</c>) does.</summary>
    private const int MaxLinks = 40;

    /// <summary>A file found under a folder, with the reason it will not be read, if any.</summary>
    /// <param name="Display">The path as reached from the folder named by the caller, with forward slashes.</param>
    /// <param name="Full">The path to open.</param>
    /// <param name="Problem">Why the file is refused, phrased for the user; <see langword="null"/> when it may be read.</param>
    /// <param name="NotRegularFile">Whether it is refused because it is a named pipe, a device or a socket.</param>
    public sealed record Entry(string Display, string Full, string? Problem, bool NotRegularFile = false);

    /// <summary>Lists the files under <paramref name="root"/> that <paramref name="include"/> accepts, recursively, sorted by
    /// display path. A link to a folder is not followed and is listed with a problem; a link to a file is read only
    /// when the file it leads to, every link on the way resolved, is inside <paramref name="root"/>; anything that is
    /// not a regular file (a named pipe, a device, a socket) is listed with a problem.</summary>
    public static IReadOnlyList<Entry> Enumerate(string root, Func<string, bool> include)
    {
        var rootFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var rootReal = RealPath(rootFull) ?? rootFull;
        var entries = new List<Entry>();
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(rootFull)]);
        var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false };
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            FileSystemInfo[] items;
            try
            {
                items = folder.GetFileSystemInfos("*", options);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                entries.Add(new Entry(Display(root, rootFull, folder.FullName), folder.FullName, $"the folder cannot be read: {exception.Message}"));
                continue;
            }

            foreach (var item in items)
            {
                var display = Display(root, rootFull, item.FullName);
                if (item is DirectoryInfo directory)
                {
                    if (directory.LinkTarget is null)
                    {
                        pending.Push(directory);
                    }
                    else
                    {
                        entries.Add(new Entry(display, item.FullName,
                            $"the folder is a link to `{directory.LinkTarget}`; links to folders are not followed (name the target on the command line)"));
                    }

                    continue;
                }

                if (!include(item.Name))
                {
                    continue;
                }

                var (problem, notRegular) = item.LinkTarget is null ? (KindProblem(item.FullName), true) : LinkProblem(item, rootReal);
                entries.Add(new Entry(display, item.FullName, problem, notRegular && problem is not null));
            }
        }

        return entries.OrderBy(e => e.Display, StringComparer.Ordinal).ToArray();
    }

    private static string Display(string root, string rootFull, string full)
    {
        var relative = Path.GetRelativePath(rootFull, full);
        return (relative == "." ? root : Path.Join(root, relative)).Replace('\\', '/');
    }

    /// <summary>Why a link to a file is not followed, if it is not; and whether that is because its target is not a regular file.</summary>
    private static (string? Problem, bool NotRegular) LinkProblem(FileSystemInfo link, string rootReal)
    {
        var target = RealPath(link.FullName);
        if (target is null)
        {
            return ($"the file is a link to `{link.LinkTarget}`, which does not exist", false);
        }

        var inside = target.StartsWith(rootReal + Path.DirectorySeparatorChar, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        return inside ? (KindProblem(target), true) : ($"the file is a link to `{target}`, outside the folder; links are followed only inside it", false);
    }

    /// <summary>Why the file at <paramref name="path"/> (links followed) will not be read: <see langword="null"/> for a
    /// regular file. A named pipe would block the reader until someone writes to it, a device such as
    /// <c>/dev/zero</c> or <c>/dev/urandom</c> never ends, so neither is opened.</summary>
    public static string? KindProblem(string path) => FileKinds.Of(path) switch
    {
        FileKinds.Kind.RegularFile => null,
        FileKinds.Kind.Unknown => null, // missing or unreadable: opening it says why
        var kind => NotRegular(kind),
    };

    private static string NotRegular(FileKinds.Kind kind) =>
        $"the file is {FileKinds.Describe(kind)}, not a regular file; only regular files are read";

    /// <summary>The path with every symbolic link in every component resolved, as <c>realpath(3)</c> gives it; or
    /// <see langword="null"/> when some component does not exist or the links loop.</summary>
    internal static string? RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var resolved = Path.GetPathRoot(full)!;
        var rest = new Stack<string>(Components(full[resolved.Length..]).Reverse());
        var links = 0;
        while (rest.Count > 0)
        {
            var part = rest.Pop();
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                resolved = Path.GetDirectoryName(resolved) ?? resolved;
                continue;
            }

            var next = Path.Join(resolved, part);
            string? target;
            try
            {
                target = new FileInfo(next).LinkTarget;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            if (target is null)
            {
                if (!File.Exists(next) && !Directory.Exists(next))
                {
                    return null;
                }

                resolved = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                return null;
            }

            if (Path.IsPathRooted(target))
            {
                resolved = Path.GetPathRoot(target)!;
                target = target[resolved.Length..];
            }

            foreach (var component in Components(target).Reverse())
            {
                rest.Push(component);
            }
        }

        return resolved;
    }

    private static string[] Components(string path) =>
        path.Split(OperatingSystem.IsWindows() ? ['\\', '/'] : ['/'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Opens a regular file for reading. Its kind is checked before it is opened (opening a named pipe would block)
    /// and again on the open handle (in case the path was replaced in between).</summary>
    /// <returns>The stream, or why the file was not opened, phrased for the user.</returns>
    public static (FileStream? Stream, string? Problem, bool NotRegularFile) Open(string path, int bufferSize, FileOptions options = FileOptions.None)
    {
        if (KindProblem(path) is { } refused)
        {
            return (null, refused, true);
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, options);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return (null, $"the file cannot be read: {exception.Message}", false);
        }

        var kind = FileKinds.Of(stream.SafeFileHandle);
        if (kind is not (FileKinds.Kind.RegularFile or FileKinds.Kind.Unknown))
        {
            stream.Dispose();
            return (null, NotRegular(kind), true);
        }

        return (stream, null, false);
    }

    /// <summary>Reads a regular file as text (UTF-8 unless a byte-order mark says otherwise), stopping as soon as it proves
    /// larger than <paramref name="maxBytes"/>: a size the file system reports is not trusted (<c>/proc</c> files report
    /// 0). Text that is not valid in its encoding is refused, never replaced with U+FFFD.</summary>
    /// <returns>The text, or why it could not be read.</returns>
    public static ReadResult ReadText(string path, long maxBytes)
    {
        var (stream, problem, notRegular) = Open(path, bufferSize: 1 << 16);
        if (stream is null)
        {
            return ReadResult.Failed(problem!, notRegular ? ReadFailure.NotRegularFile : ReadFailure.Unreadable);
        }

        try
        {
            using (stream)
            {
                if (stream.Length > maxBytes)
                {
                    return ReadResult.TooLarge(maxBytes);
                }

                using var buffer = new MemoryStream();
                var chunk = new byte[1 << 16];
                int read;
                while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
                {
                    if (buffer.Length + read > maxBytes)
                    {
                        return ReadResult.TooLarge(maxBytes);
                    }

                    buffer.Write(chunk, 0, read);
                }

                return Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return ReadResult.Failed($"the file cannot be read: {exception.Message}");
        }
    }

    /// <summary>Decodes a file's bytes: UTF-32 or UTF-16 when a byte-order mark says so, else UTF-8 (its mark skipped),
    /// refusing invalid text. UTF-8 is validated while it is decoded, in one pass.</summary>
    internal static ReadResult Decode(ReadOnlySpan<byte> bytes)
    {
        var wide = bytes switch
        {
            [0xFF, 0xFE, 0x00, 0x00, ..] => new UTF32Encoding(bigEndian: false, byteOrderMark: true, throwOnInvalidCharacters: true),
            [0x00, 0x00, 0xFE, 0xFF, ..] => new UTF32Encoding(bigEndian: true, byteOrderMark: true, throwOnInvalidCharacters: true),
            [0xFF, 0xFE, ..] => new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true),
            [0xFE, 0xFF, ..] => (Encoding?)new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: true),
            _ => null,
        };
        if (wide is not null)
        {
            try
            {
                return ReadResult.Read(wide.GetString(bytes[wide.Preamble.Length..]));
            }
            catch (DecoderFallbackException)
            {
                return ReadResult.Failed($"the file is not valid {(wide is UTF32Encoding ? "UTF-32" : "UTF-16")} text", ReadFailure.InvalidText);
            }
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        var chars = ArrayPool<char>.Shared.Rent(Math.Max(1, bytes.Length));
        try
        {
            var status = Utf8.ToUtf16(bytes, chars, out var bytesRead, out var charsWritten, replaceInvalidSequences: false);
            if (status == System.Buffers.OperationStatus.Done)
            {
                return ReadResult.Read(new string(chars, 0, charsWritten));
            }

            var (line, column) = Locate(bytes, bytesRead);
            return new ReadResult(null, $"the file is not valid UTF-8 text (byte `0x{bytes[bytesRead]:X2}`)", ReadFailure.InvalidText, line, column);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>The line and column (in characters) of the byte at <paramref name="offset"/>, all of whose predecessors are valid UTF-8.</summary>
    private static (int Line, int Column) Locate(ReadOnlySpan<byte> bytes, int offset)
    {
        var before = bytes[..offset];
        var line = before.Count((byte)'\n') + 1;
        var start = before.LastIndexOf((byte)'\n') + 1;
        return (line, Encoding.UTF8.GetCharCount(before[start..]) + 1);
    }

    /// <summary>Where a line of bytes stops being valid UTF-8: <see langword="null"/> when it is valid throughout. The check
    /// is the vectorised <see cref="Utf8.IsValid(ReadOnlySpan{byte})"/>; only a line that fails it is searched.</summary>
    public static int? FirstInvalidUtf8(ReadOnlySpan<byte> line)
    {
        if (Utf8.IsValid(line))
        {
            return null;
        }

        var offset = 0;
        while (offset < line.Length && Rune.DecodeFromUtf8(line[offset..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
        {
            offset += consumed;
        }

        return offset;
    }

    /// <summary>Why a file was not read.</summary>
    public enum ReadFailure
    {
        /// <summary>It was read.</summary>
        None,

        /// <summary>It does not exist or cannot be opened.</summary>
        Unreadable,

        /// <summary>It is a named pipe, a device or a socket.</summary>
        NotRegularFile,

        /// <summary>It is larger than the limit.</summary>
        TooLarge,

        /// <summary>It is not valid text in its encoding.</summary>
        InvalidText,
    }

    /// <summary>A file's text, or the reason it was not read and where in the file the reason lies.</summary>
    public sealed record ReadResult(string? Text, string? Error, ReadFailure Failure, int Line = 1, int Column = 1)
    {
        public static ReadResult Read(string text) => new(text, null, ReadFailure.None);

        public static ReadResult Failed(string error, ReadFailure failure = ReadFailure.Unreadable) => new(null, error, failure);

        public static ReadResult TooLarge(long maxBytes) => new(null, $"the file is larger than the limit of {maxBytes} bytes", ReadFailure.TooLarge);
    }
}
