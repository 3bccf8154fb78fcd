using Compliance.Rules.Compilation;
using Compliance.Rules.Diagnostics;
using Compliance.Rules.Documents;
using Compliance.Rules.Files;
using Compliance.Telemetry;

namespace Compliance.Rules;

/// <summary>Loads rule, waiver and tests files into an immutable <see cref="RuleSet"/>, reporting every problem at once.</summary>
/// <remarks>Loading never runs code from a rule file: YAML tags, anchors and aliases are refused, nesting and sizes are
/// bounded, and expressions are checked against an allow-list before they compile. Thread-safe. Each load is counted
/// (<c>compliance.rule_set.loads</c>, <c>compliance.rule_set.load_failures</c>) and traced on the <c>Compliance</c> meter
/// and activity source.</remarks>
public sealed class RuleSetLoader
{
    private readonly RuleSetLoaderOptions _options;

    /// <summary>Creates a loader.</summary>
    /// <param name="options">The options; <see langword="null"/> for <see cref="RuleSetLoaderOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">An option is out of range (the message names every one).</exception>
    public RuleSetLoader(RuleSetLoaderOptions? options = null)
    {
        _options = options ?? RuleSetLoaderOptions.Default;
        _options.Validate();
    }

    /// <summary>Loads every <c>*.yaml</c>/<c>*.yml</c> file under the paths (files or directories, recursively).</summary>
    /// <returns>The result; never throws for problems in the files, which come back as diagnostics.</returns>
    public LoadResult LoadFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        using var activity = ComplianceTelemetry.StartLoad();
        var diagnostics = new List<Diagnostic>();
        var sources = RulePaths.Read(paths, _options.Limits.MaxFileBytes, diagnostics);
        return Recorded(activity, Load(sources, diagnostics));
    }

    /// <summary>Loads rule files given as text.</summary>
    public LoadResult LoadStrings(IEnumerable<RuleSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        using var activity = ComplianceTelemetry.StartLoad();
        return Recorded(activity, Load(sources.ToList(), []));
    }

    /// <summary>Counts the load attempt (and its failure) on the <c>Compliance</c> meter and completes its activity.</summary>
    private static LoadResult Recorded(System.Diagnostics.Activity? activity, LoadResult result)
    {
        var errors = result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        ComplianceTelemetry.RecordLoad(activity, result.Succeeded, result.Files.Count, errors, result.Diagnostics.Count - errors);
        return result;
    }

    /// <summary>Loads the files under the paths, throwing when there is any error.</summary>
    /// <exception cref="RuleSetLoadException">The rule set has errors; the exception carries every diagnostic.</exception>
    public RuleSet Load(params string[] paths)
    {
        var result = LoadFiles(paths);
        return result.RuleSet ?? throw new RuleSetLoadException(result.Diagnostics);
    }

    /// <summary>Loads one rule file's text, throwing when there is any error.</summary>
    /// <exception cref="RuleSetLoadException">The rule set has errors; the exception carries every diagnostic.</exception>
    public RuleSet LoadString(string content, string path = "rules.yaml")
    {
        var result = LoadStrings([new RuleSource(path, content)]);
        return result.RuleSet ?? throw new RuleSetLoadException(result.Diagnostics);
    }

    /// <summary>A path as reported: forward slashes on every system.</summary>
    internal static string Normalize(string path) => RulePaths.Normalize(path);

    /// <summary>Reads, validates and compiles the documents; the rule set only when no diagnostic is an error.</summary>
    private LoadResult Load(List<RuleSource> sources, List<Diagnostic> diagnostics)
    {
        var documents = DocumentSet.Read(sources, _options.Limits, diagnostics);
        var unreadable = new UnreadableFiles(
            [.. diagnostics.Where(d => d.Code == DiagnosticCodes.UnreadablePath && d.Severity == DiagnosticSeverity.Error), .. documents.Unreadable],
            documents.Contracts);
        var terms = new Terms(documents.Contracts, diagnostics, unreadable);
        var context = new CompilationContext(_options, diagnostics, terms, unreadable);
        var contracts = new ContractCompiler(context).Compile(documents.Contracts);
        var declared = ContractCompiler.Declared(documents.Contracts);
        var waivers = new WaiverCompiler(context).Compile(documents.Waivers, contracts, declared);
        var tests = new TestCompiler(context).Compile(documents.Tests, declared);
        terms.ReportUnused();
        unreadable.Report(diagnostics);
        contracts = contracts.Select(c => c with { Definitions = terms.For(c.Id) }).ToArray();

        var sorted = DiagnosticOrder.Sort(diagnostics);
        var testsLoaded = !sorted.Any(d => d.Severity == DiagnosticSeverity.Error && documents.TestFiles.Contains(d.File));
        var apart = _options.TestErrorsStopLoad ? [] : sorted.Where(d => documents.TestFiles.Contains(d.File)).ToArray();
        if (apart.Length > 0)
        {
            sorted = sorted.Where(d => !documents.TestFiles.Contains(d.File)).ToArray();
        }

        var ruleSet = sorted.Any(d => d.Severity == DiagnosticSeverity.Error) ? null : new RuleSet(contracts, waivers, _options.Kinds);
        return new LoadResult(ruleSet, sorted, testsLoaded ? tests : [], sources.Select(s => s.Path).ToArray(), apart, testsLoaded);
    }
}
