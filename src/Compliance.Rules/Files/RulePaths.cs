using Compliance.Rules.Diagnostics;

namespace Compliance.Rules.Files;

/// <summary>Reads the rules path: each path a file or a folder (its <c>*.yaml</c>/<c>*.yml</c> files, recursively, through
/// <see cref="InputFiles"/>), every file read as strict UTF-8 within the byte limit. Problems come back as diagnostics.</summary>
internal static class RulePaths
{
    /// <summary>The rule files under the paths, as text, in the order found; unreadable ones are reported.</summary>
    public static List<RuleSource> Read(IEnumerable<string> paths, long maxFileBytes, List<Diagnostic> diagnostics)
    {
        var sources = new List<RuleSource>();
        foreach (var path in paths)
        {
            foreach (var (display, full) in Enumerate(path, diagnostics))
            {
                if (ReadFile(display, full, maxFileBytes, diagnostics) is { } text)
                {
                    sources.Add(new RuleSource(display, text));
                }
            }
        }

        return sources;
    }

    /// <summary>A path as reported: forward slashes on every system.</summary>
    public static string Normalize(string path) => path.Replace('\\', '/');

    private static IEnumerable<(string Display, string Full)> Enumerate(string path, List<Diagnostic> diagnostics)
    {
        if (File.Exists(path))
        {
            return [(Normalize(path), path)];
        }

        if (Directory.Exists(path))
        {
            var entries = InputFiles.Enumerate(path, IsRuleFile);
            if (entries.Count == 0)
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.NoRuleFiles, new SourceLocation(Normalize(path), 1, 1), LoadMessages.NoRuleFiles));
            }

            foreach (var refused in entries.Where(e => e.Problem is not null))
            {
                diagnostics.Add(Diagnostic.Error(refused.NotRegularFile ? DiagnosticCodes.NotRegularFile : DiagnosticCodes.UnreadablePath,
                    new SourceLocation(refused.Display, 1, 1), refused.Problem!));
            }

            return entries.Where(e => e.Problem is null).Select(e => (e.Display, e.Full)).ToArray();
        }

        // A relative path is read from the current directory: say which folder that was, since a tool run from
        // elsewhere (a CI step's working directory, an installed tool) looks somewhere the user did not mean.
        diagnostics.Add(Diagnostic.Error(DiagnosticCodes.UnreadablePath, new SourceLocation(Normalize(path), 1, 1),
            LoadMessages.PathDoesNotExist(Normalize(Path.GetFullPath(path))),
            Path.IsPathFullyQualified(path) ? null : LoadMessages.RelativePathHint));
        return [];
    }

    private static bool IsRuleFile(string name) =>
        name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    private static string? ReadFile(string display, string full, long maxFileBytes, List<Diagnostic> diagnostics)
    {
        var read = InputFiles.ReadText(full, maxFileBytes);
        if (read.Error is { } error)
        {
            var (code, hint) = read.Failure switch
            {
                InputFiles.ReadFailure.TooLarge => (DiagnosticCodes.FileTooLarge, null),
                InputFiles.ReadFailure.InvalidText => (DiagnosticCodes.InvalidText, LoadMessages.SaveAsUtf8Hint),
                InputFiles.ReadFailure.NotRegularFile => (DiagnosticCodes.NotRegularFile, null),
                _ => (DiagnosticCodes.UnreadablePath, (string?)null),
            };
            diagnostics.Add(Diagnostic.Error(code, new SourceLocation(display, read.Line, read.Column), error, hint));
        }

        return read.Text;
    }
}
