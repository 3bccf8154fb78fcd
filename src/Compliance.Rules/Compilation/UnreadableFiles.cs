using Compliance.Rules.Diagnostics;
using Compliance.Rules.Documents;
using Compliance.Rules.Yaml;

namespace Compliance.Rules.Compilation;

/// <summary>The rule files that could not be read as YAML or as a document, and the checks skipped because of them: one
/// mistake gives one diagnostic. Such a file may have been the contract that a test, a waiver, a <c>supersedes</c> or a
/// <c>$term</c> names, so a reference to a contract that no file read defines is not reported as dangling; and a definition
/// the file may have used is not reported as unused. One note (<see cref="DiagnosticCodes.ChecksSkipped"/>) says what was
/// skipped because of which files.</summary>
/// <remarks>A reference into a contract that was read is still checked: two files cannot define the same contract.</remarks>
internal sealed class UnreadableFiles
{
    /// <summary>How many of the ids of skipped references the note lists (each at its first place); the rest it counts.</summary>
    internal const int MaxListed = 5;

    private readonly IReadOnlyList<Diagnostic> _files;
    private readonly HashSet<string> _contracts;
    private readonly List<(string Id, SourceLocation At)> _skipped = [];
    private int _unusedSkipped;

    /// <param name="files">Each unreadable file's first error.</param>
    /// <param name="contracts">The contract documents that were read.</param>
    public UnreadableFiles(IReadOnlyList<Diagnostic> files, IEnumerable<ContractDocument> contracts)
    {
        _files = files;
        _contracts = contracts.Select(c => c.Id?.Value).OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Whether some file could not be read.</summary>
    public bool Any => _files.Count > 0;

    /// <summary>Whether a reference that names nothing read (<c>contract/name</c>) is left unreported because an unreadable
    /// file may define its contract; if so, it is counted for the note.</summary>
    /// <param name="qualified">The reference, qualified.</param>
    /// <param name="at">Where it is written.</param>
    public bool Skips(string qualified, SourceLocation at)
    {
        var slash = qualified.IndexOf('/', StringComparison.Ordinal);
        if (!Any || slash <= 0 || _contracts.Contains(qualified[..slash]))
        {
            return false;
        }

        _skipped.Add((qualified, at));
        return true;
    }

    /// <summary>Whether the unused-definition warnings are left out (some unreadable file may have used the definitions);
    /// if so, <paramref name="count"/> of them are counted for the note.</summary>
    public bool SkipsUnused(int count)
    {
        if (!Any)
        {
            return false;
        }

        _unusedSkipped += count;
        return true;
    }

    /// <summary>Adds the one note, at the first unreadable file's first error, when some check was skipped.</summary>
    public void Report(List<Diagnostic> diagnostics)
    {
        if (_skipped.Count == 0 && _unusedSkipped == 0)
        {
            return;
        }

        var first = _files[0];
        var listed = _skipped
            .OrderBy(s => s.At.File, StringComparer.Ordinal).ThenBy(s => s.At.Line).ThenBy(s => s.At.Column)
            .Select(s => (s.Id, s.At.FileAndLine))
            .ToArray();
        diagnostics.Add(Diagnostic.Info(DiagnosticCodes.ChecksSkipped, new SourceLocation(first.File, first.Line, first.Column),
            LoadMessages.ChecksSkipped(_files.Select(f => f.File).Distinct().ToArray(), listed, _unusedSkipped, MaxListed),
            LoadMessages.ChecksSkippedHint));
    }
}
