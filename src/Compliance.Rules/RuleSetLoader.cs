using Compliance.Conditions;
using Compliance.Model;
using Compliance.Rules.Compilation;
using Compliance.Rules.Diagnostics;
using Compliance.Rules.Documents;
using Compliance.Rules.Expressions;
using Compliance.Rules.Files;
using Compliance.Rules.Subjects;
using Compliance.Rules.Testing;
using Compliance.Rules.Yaml;
using Compliance.Subjects;
using Compliance.Telemetry;
using Compliance.Verdicts;

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
        var sources = new List<RuleSource>();
        foreach (var path in paths)
        {
            foreach (var (display, full) in Enumerate(path, diagnostics))
            {
                var text = ReadFile(display, full, diagnostics);
                if (text is not null)
                {
                    sources.Add(new RuleSource(display, text));
                }
            }
        }

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
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.NoRuleFiles, new SourceLocation(Normalize(path), 1, 1),
                    LoadMessages.NoRuleFiles));
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

    internal static string Normalize(string path) => path.Replace('\\', '/');

    private string? ReadFile(string display, string full, List<Diagnostic> diagnostics)
    {
        var read = InputFiles.ReadText(full, _options.Limits.MaxFileBytes);
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

    private LoadResult Load(List<RuleSource> sources, List<Diagnostic> diagnostics)
    {
        var contracts = new List<ContractDocument>();
        var waivers = new List<WaiverDocument>();
        var tests = new List<TestDocument>();
        foreach (var source in sources.OrderBy(s => s.Path, StringComparer.Ordinal))
        {
            var root = YamlDocumentReader.Read(source.Content, source.Path, _options.Limits, diagnostics);
            if (root is null)
            {
                continue;
            }

            var parsed = DocumentParser.Parse(root, source.Path, diagnostics);
            if (parsed?.Contract is { } contract)
            {
                DocumentValidators.Report(DocumentValidators.Contract, contract, diagnostics);
                foreach (var clause in contract.Clauses)
                {
                    DocumentValidators.Report(DocumentValidators.Clause, clause, diagnostics);
                }

                contracts.Add(contract);
            }

            foreach (var waiver in parsed?.Waivers ?? [])
            {
                DocumentValidators.Report(DocumentValidators.Waiver, waiver, diagnostics);
                waivers.Add(waiver);
            }

            foreach (var test in parsed?.Tests ?? [])
            {
                DocumentValidators.Report(DocumentValidators.Test, test, diagnostics);
                tests.Add(test);
            }
        }

        var context = new CompilationContext(_options, diagnostics);
        var compiledContracts = new ContractCompiler(context).Compile(contracts);
        var declared = ContractCompiler.Declared(contracts);
        var compiledWaivers = new WaiverCompiler(context).Compile(waivers, compiledContracts, declared);
        var compiledTests = new TestCompiler(context).Compile(tests, declared);

        var sorted = diagnostics
            .Distinct()
            .OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column).ThenBy(d => d.Code, StringComparer.Ordinal)
            .ToArray();
        var ruleSet = sorted.Any(d => d.Severity == DiagnosticSeverity.Error)
            ? null
            : new RuleSet(compiledContracts, compiledWaivers, _options.Kinds);
        return new LoadResult(ruleSet, sorted, compiledTests, sources.Select(s => s.Path).ToArray());
    }
}
