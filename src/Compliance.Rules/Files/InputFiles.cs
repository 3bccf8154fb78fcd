using System.Text;

namespace Compliance.Rules.Files;

/// <summary>Finds and reads rule and subject files without letting a folder's contents reach beyond it or a file's
/// size exceed a limit. A folder in a pull request can hold symbolic links: to <c>/dev/zero</c> (an endless file whose
/// size reads as 0), to <c>/etc</c> or the runner's home (files whose contents would be echoed in diagnostics), or to
/// itself (a loop). Links are followed only where they stay inside the folder named on the command line.</summary>
internal static class InputFiles
{
    /// <summary>A file found under a folder, with the reason it will not be read, if any.</summary>
    /// <param name="Display">The path as reached from the folder named by the caller, with forward slashes.</param>
    /// <param name="Full">The path to open.</param>
    /// <param name="Problem">Why the file is refused, phrased for the user; <see langword="null"/> when it may be read.</param>
    public sealed record Entry(string Display, string Full, string? Problem);

    /// <summary>Lists the files under <paramref name="root"/> that <paramref name="include"/> accepts, recursively, sorted by
    /// display path. A link to a folder is not followed and is listed with a problem; a link to a file is read only
    /// when its final target is inside <paramref name="root"/>.</summary>
    public static IReadOnlyList<Entry> Enumerate(string root, Func<string, bool> include)
    {
        var rootFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
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

                var problem = item.LinkTarget is null ? null : LinkProblem(item, rootFull);
                entries.Add(new Entry(display, item.FullName, problem));
            }
        }

        return entries.OrderBy(e => e.Display, StringComparer.Ordinal).ToArray();
    }

    private static string Display(string root, string rootFull, string full)
    {
        var relative = Path.GetRelativePath(rootFull, full);
        return (relative == "." ? root : Path.Join(root, relative)).Replace('\\', '/');
    }

    private static string? LinkProblem(FileSystemInfo link, string rootFull)
    {
        FileSystemInfo? target;
        try
        {
            target = link.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (IOException)
        {
            target = null;
        }

        if (target is null || !target.Exists)
        {
            return $"the file is a link to `{link.LinkTarget}`, which does not exist";
        }

        var inside = target.FullName.StartsWith(rootFull + Path.DirectorySeparatorChar, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        return inside ? null : $"the file is a link to `{target.FullName}`, outside the folder; links are followed only inside it";
    }

    /// <summary>Reads a file as text (UTF-8 unless a byte-order mark says otherwise), stopping as soon as it proves larger
    /// than <paramref name="maxBytes"/>: a size the file system reports is not trusted (<c>/dev/zero</c> and <c>/proc</c>
    /// files report 0).</summary>
    /// <returns>The text, or why it could not be read, phrased for the user.</returns>
    public static ReadResult ReadText(string path, long maxBytes)
    {
        var tooLarge = new ReadResult(null, $"the file is larger than the limit of {maxBytes} bytes", TooLarge: true);
        try
        {
            if (new FileInfo(path).Length > maxBytes)
            {
                return tooLarge;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            using var buffer = new MemoryStream();
            var chunk = new byte[1 << 16];
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return tooLarge;
                }

                buffer.Write(chunk, 0, read);
            }

            buffer.Position = 0;
            using var reader = new StreamReader(buffer, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return new ReadResult(reader.ReadToEnd(), null, TooLarge: false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new ReadResult(null, $"the file cannot be read: {exception.Message}", TooLarge: false);
        }
    }

    /// <summary>A file's text, or the reason it was not read.</summary>
    public sealed record ReadResult(string? Text, string? Error, bool TooLarge);
}
