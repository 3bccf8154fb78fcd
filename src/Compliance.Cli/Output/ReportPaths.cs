using System.Globalization;

namespace Compliance.Cli.Output;

/// <summary>A place a verdict names, split from its <c>file:line</c> text.</summary>
/// <param name="File">The file as the command line reached it; <c>-</c> for standard input.</param>
/// <param name="Line">The 1-based line; <see langword="null"/> when the text had none.</param>
internal readonly record struct SourcePosition(string File, int? Line)
{
    /// <summary>The file name standard input is given in sources.</summary>
    public const string StandardInput = "-";

    /// <summary>Whether the place is in a file (not standard input).</summary>
    public bool IsFile => File != StandardInput;

    /// <summary>Splits <c>path:line</c> at its last colon followed only by digits; text without one is all file.</summary>
    public static SourcePosition Parse(string source)
    {
        var colon = source.LastIndexOf(':');
        if (colon > 0 && colon < source.Length - 1
            && int.TryParse(source.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var line))
        {
            return new SourcePosition(source[..colon], line);
        }

        return new SourcePosition(source, null);
    }
}

/// <summary>Paths as reports write them: forward slashes, relative to the working directory where they are under it.</summary>
/// <remarks>CI systems resolve report paths against the checkout, where the tool runs; a path the user gave
/// relative stays as given (less a leading <c>./</c>), an absolute one under the working directory becomes relative,
/// any other stays absolute. Every report format, of <c>check</c> and of <c>lint</c>, writes paths through this.</remarks>
internal sealed class ReportPaths(string workingDirectory)
{
    /// <summary>Paths relative to the process's current directory.</summary>
    public static ReportPaths Current() => new(Environment.CurrentDirectory);

    /// <summary>The path with forward slashes and no leading <c>./</c>, made relative to the working directory when it is under it.</summary>
    public string Display(string path)
    {
        if (Path.IsPathFullyQualified(path))
        {
            var relative = Path.GetRelativePath(workingDirectory, path);
            if (!Path.IsPathFullyQualified(relative) && relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                path = relative;
            }
        }

        path = path.Replace('\\', '/');
        while (path.StartsWith("./", StringComparison.Ordinal) && path.Length > 2)
        {
            path = path[2..];
        }

        return path;
    }

    /// <summary>The path as a URI reference: relative with forward slashes and escaped segments, or a <c>file:</c> URI when absolute.</summary>
    public string Uri(string path)
    {
        var display = Display(path);
        if (Path.IsPathFullyQualified(display))
        {
            return new System.Uri(path).AbsoluteUri;
        }

        return string.Join('/', display.Split('/').Select(System.Uri.EscapeDataString));
    }
}
