using Compliance.Rules.Diagnostics;
using Compliance.Rules.Testing;

namespace Compliance.Rules;

/// <summary>The result of loading rule files: the rule set when there were no errors, and every diagnostic, sorted by location.</summary>
public sealed class LoadResult
{
    internal LoadResult(RuleSet? ruleSet, IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<RuleTest> tests, IReadOnlyList<string> files,
        IReadOnlyList<Diagnostic>? testDiagnostics = null, bool testsLoaded = true)
    {
        RuleSet = ruleSet;
        Diagnostics = diagnostics;
        Tests = tests;
        Files = files;
        TestDiagnostics = testDiagnostics ?? [];
        TestsLoaded = testsLoaded;
    }

    /// <summary>The loaded rule set; <see langword="null"/> when any diagnostic in <see cref="Diagnostics"/> is an error.</summary>
    public RuleSet? RuleSet { get; }

    /// <summary>Every error, warning and note, sorted by file, line and column; without the tests documents' when
    /// <see cref="RuleSetLoaderOptions.TestErrorsStopLoad"/> is <see langword="false"/> set them apart.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>The diagnostics of the <c>tests</c> documents, sorted, when <see cref="RuleSetLoaderOptions.TestErrorsStopLoad"/>
    /// is <see langword="false"/> and there are any; otherwise empty (they are in <see cref="Diagnostics"/>).</summary>
    public IReadOnlyList<Diagnostic> TestDiagnostics { get; }

    /// <summary>Whether the tests loaded: no <c>tests</c> document has an error. When not, <see cref="Tests"/> is empty.</summary>
    public bool TestsLoaded { get; }

    /// <summary>The tests of every <c>tests</c> document, in file order; empty when <see cref="TestsLoaded"/> is <see langword="false"/>.</summary>
    public IReadOnlyList<RuleTest> Tests { get; }

    /// <summary>The rule files read, as the caller's paths reached them.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Whether the rule set loaded (no diagnostic is an error).</summary>
    public bool Succeeded => RuleSet is not null;

    /// <summary>The errors only.</summary>
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);
}

/// <summary>Thrown by the throwing load methods when a rule set has errors; carries every diagnostic.</summary>
public sealed class RuleSetLoadException : Exception
{
    /// <summary>Creates the exception from the diagnostics of a failed load.</summary>
    public RuleSetLoadException(IReadOnlyList<Diagnostic> diagnostics)
        : base("the rule set has errors:" + Environment.NewLine + string.Join(Environment.NewLine, diagnostics))
    {
        Diagnostics = diagnostics;
    }

    /// <summary>Every diagnostic of the failed load.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}

/// <summary>A rule file's text with the path to report it under, for loading from strings.</summary>
/// <param name="Path">The path diagnostics name.</param>
/// <param name="Content">The YAML text.</param>
public sealed record RuleSource(string Path, string Content);
