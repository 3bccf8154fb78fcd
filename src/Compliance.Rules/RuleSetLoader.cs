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

        var compiler = new Compiler(_options, diagnostics);
        var compiledContracts = compiler.CompileContracts(contracts);
        var declared = Compiler.Declared(contracts);
        var compiledWaivers = compiler.CompileWaivers(waivers, compiledContracts, declared);
        var compiledTests = compiler.CompileTests(tests, declared);

        var sorted = diagnostics
            .Distinct()
            .OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column).ThenBy(d => d.Code, StringComparer.Ordinal)
            .ToArray();
        var ruleSet = sorted.Any(d => d.Severity == DiagnosticSeverity.Error)
            ? null
            : new RuleSet(compiledContracts, compiledWaivers, _options.Kinds);
        return new LoadResult(ruleSet, sorted, compiledTests, sources.Select(s => s.Path).ToArray());
    }

    /// <summary>Turns validated documents into compiled contracts, waivers and tests, checking references between files.</summary>
    private sealed class Compiler
    {
        private readonly RuleSetLoaderOptions _options;
        private readonly List<Diagnostic> _diagnostics;
        private readonly ConditionCompiler _conditions;
        private readonly SubjectBinder _binder;

        public Compiler(RuleSetLoaderOptions options, List<Diagnostic> diagnostics)
        {
            _options = options;
            _diagnostics = diagnostics;
            var dataTypes = options.Kinds.Kinds.SelectMany(k => DataTypes(k.Model)).ToHashSet();
            var typeNames = options.Kinds.Kinds.ToDictionary(k => k.ClrType.Name, k => k.Name, StringComparer.Ordinal);
            _conditions = new ConditionCompiler(diagnostics, new ExpressionCompiler(dataTypes, typeNames), options.RegexTimeout, options.MaxPatternLength);
            _binder = new SubjectBinder(options.Kinds);
        }

        private static IEnumerable<Type> DataTypes(SubjectTypeModel model)
        {
            var seen = new HashSet<Type>();
            var queue = new Queue<SubjectTypeModel>([model]);
            while (queue.Count > 0)
            {
                var next = queue.Dequeue();
                if (!seen.Add(next.ClrType))
                {
                    continue;
                }

                foreach (var field in next.Fields)
                {
                    if (field.ObjectModel is { } o)
                    {
                        queue.Enqueue(o);
                    }

                    if (field.ElementModel is { } e)
                    {
                        queue.Enqueue(e);
                    }
                }
            }

            return seen;
        }

        private void Error(string code, SourceLocation at, string message, string? hint = null) =>
            _diagnostics.Add(Diagnostic.Error(code, at, message, hint));

        public IReadOnlyList<Contract> CompileContracts(List<ContractDocument> documents)
        {
            var result = new List<Contract>();
            var contractIds = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
            foreach (var document in documents)
            {
                if (document.Id?.Value is not { } id)
                {
                    continue;
                }

                if (contractIds.TryGetValue(id, out var first))
                {
                    Error(DiagnosticCodes.DuplicateContract, document.Id.Location, LoadMessages.DuplicateContract(id, first));
                    continue;
                }

                contractIds[id] = document.Id.Location;
                var clauses = new List<Clause>();
                var clauseIds = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
                foreach (var clause in document.Clauses)
                {
                    if (clause.Id?.Value is { } clauseId)
                    {
                        if (clauseIds.TryGetValue(clauseId, out var previous))
                        {
                            Error(DiagnosticCodes.DuplicateClause, clause.Id.Location, LoadMessages.DuplicateClause(clauseId, id, previous));
                            continue;
                        }

                        clauseIds[clauseId] = clause.Id.Location;
                    }

                    if (CompileClause(id, clause) is { } compiled)
                    {
                        clauses.Add(compiled);
                    }
                }

                result.Add(new Contract(id, document.Title ?? id, document.Parties, clauses, document.Id.Location));
            }

            // References are checked against every clause written, compiled or not: a clause with its own errors
            // is reported once, not again by everything that names it.
            var all = Declared(documents);
            foreach (var document in documents)
            {
                foreach (var clause in document.Clauses)
                {
                    foreach (var target in clause.Supersedes)
                    {
                        var qualified = Qualify(target.Value!, document.Id?.Value);
                        if (!all.Contains(qualified))
                        {
                            Error(DiagnosticCodes.DanglingSupersedes, target.Location, LoadMessages.DanglingSupersedes(target.Value!),
                                Suggestions.DidYouMean(qualified, all));
                        }
                    }
                }
            }

            return result;
        }

        public static HashSet<string> Declared(IEnumerable<ContractDocument> documents) => documents
            .Where(d => d.Id?.Value is not null)
            .SelectMany(d => d.Clauses.Where(c => c.Id?.Value is not null).Select(c => $"{d.Id!.Value}/{c.Id!.Value}"))
            .ToHashSet(StringComparer.Ordinal);

        private static string Qualify(string id, string? contract) => id.Contains('/') || contract is null ? id : $"{contract}/{id}";

        private Clause? CompileClause(string contract, ClauseDocument document)
        {
            if (document.Id?.Value is not { } id || document.AppliesTo?.Value is not { } kindName)
            {
                return null;
            }

            var kind = _options.Kinds.Find(kindName);
            if (kind is null)
            {
                Error(DiagnosticCodes.UnknownKind, document.AppliesTo.Location,
                    LoadMessages.UnknownKind(kindName, _options.Kinds.Kinds.Select(k => k.Name)),
                    Suggestions.DidYouMean(kindName, _options.Kinds.Kinds.Select(k => k.Name)));
                return null;
            }

            var window = Window(document.From, document.Until);
            var when = document.When is null ? null : _conditions.Compile(document.When, kind);
            var body = document.Require ?? document.Forbid;
            var condition = body is null ? null : _conditions.Compile(body, kind);
            var message = document.Message is null ? null : Template(document.Message, kind);
            var exceptions = new List<ClauseException>();
            var exceptionIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var exception in document.Exceptions)
            {
                if (exception.Id?.Value is { } exceptionId && !exceptionIds.Add(exceptionId))
                {
                    Error(DiagnosticCodes.DuplicateException, exception.Id.Location, LoadMessages.DuplicateException(exceptionId, id));
                    continue;
                }

                var exceptionWhen = exception.When is null ? null : _conditions.Compile(exception.When, kind);
                if (exceptionWhen is not null && exception.Id?.Value is { } eid)
                {
                    exceptions.Add(new ClauseException(eid, exception.Reason, exceptionWhen, exception.Id.Location));
                }
            }

            var effect = document.Effect?.Value switch
            {
                "review" => Effect.Review,
                "warning" => Effect.Warning,
                _ => Effect.Violation,
            };
            if (condition is null || window is null || (document.When is not null && when is null)
                || (document.Message is not null && message is null) || document.Title is null || document.Text is null)
            {
                return null;
            }

            return new Clause(contract, id, document.Section, document.Title, document.Text.TrimEnd(), kind.Name, window, when,
                document.Require is not null ? ClauseMode.Require : ClauseMode.Forbid, condition, effect, message,
                document.Remediation?.TrimEnd(), exceptions, document.Supersedes.Select(s => Qualify(s.Value!, contract)).ToArray(),
                document.Id.Location);
        }

        private EffectiveWindow? Window(ScalarNode? from, ScalarNode? until)
        {
            var ok = true;
            DateOnly? start = null, end = null;
            if (from is not null)
            {
                if (Dates.TryParseDate(from.Value!, out var d))
                {
                    start = d;
                }
                else
                {
                    Error(DiagnosticCodes.InvalidDate, from.Location, LoadMessages.InvalidDate("from", "2026-03-01", from.Value));
                    ok = false;
                }
            }

            if (until is not null)
            {
                if (Dates.TryParseDate(until.Value!, out var d))
                {
                    end = d;
                }
                else
                {
                    Error(DiagnosticCodes.InvalidDate, until.Location, LoadMessages.InvalidDate("until", "2026-03-01", until.Value));
                    ok = false;
                }
            }

            if (start is { } s && end is { } e && e <= s)
            {
                Error(DiagnosticCodes.EmptyWindow, until!.Location,
                    LoadMessages.EmptyWindow(s, e));
                ok = false;
            }

            return ok ? new EffectiveWindow(start, end) : null;
        }

        private MessageTemplate? Template(ScalarNode message, SubjectKind kind)
        {
            var text = message.Value!;
            var parts = new List<(string, FieldPath?)>();
            var literal = new System.Text.StringBuilder();
            var ok = true;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] != '{')
                {
                    literal.Append(text[i]);
                    continue;
                }

                var close = text.IndexOf('}', i + 1);
                if (close < 0)
                {
                    literal.Append(text[i..]);
                    break;
                }

                var name = text[(i + 1)..close].Trim();
                var path = PathResolver.Resolve(name, kind.Model, kind.Name, out var failure);
                if (path is null)
                {
                    Error(DiagnosticCodes.UnknownPlaceholder, message.Location, LoadMessages.UnknownPlaceholder(name, failure!.Message), failure.Hint);
                    ok = false;
                }

                parts.Add((literal.ToString(), path));
                literal.Clear();
                i = close;
            }

            parts.Add((literal.ToString(), null));
            return ok ? new MessageTemplate(text, parts) : null;
        }

        public IReadOnlyList<Waiver> CompileWaivers(List<WaiverDocument> documents, IReadOnlyList<Contract> contracts, HashSet<string> declared)
        {
            var clauses = contracts.SelectMany(c => c.Clauses).ToDictionary(c => c.Id, StringComparer.Ordinal);
            var ids = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
            var result = new List<Waiver>();
            var today = DateOnly.FromDateTime(_options.TimeProvider.GetUtcNow().UtcDateTime);
            foreach (var document in documents)
            {
                if (document.Id?.Value is not { } id)
                {
                    continue;
                }

                if (ids.TryGetValue(id, out var first))
                {
                    Error(DiagnosticCodes.DuplicateWaiver, document.Id.Location, LoadMessages.DuplicateWaiver(id, first));
                    continue;
                }

                ids[id] = document.Id.Location;
                DateOnly? expires = null;
                if (document.Expires is { } e)
                {
                    if (Dates.TryParseDate(e.Value!, out var date))
                    {
                        expires = date;
                        if (date <= today)
                        {
                            _diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.ExpiredWaiver, e.Location,
                                LoadMessages.ExpiredWaiver(id, date), LoadMessages.ExpiredWaiverHint));
                        }
                    }
                    else
                    {
                        Error(DiagnosticCodes.InvalidDate, e.Location, LoadMessages.InvalidDate("expires", "2027-01-31", e.Value));
                    }
                }

                if (document.Clause?.Value is not { } clauseId)
                {
                    continue;
                }

                if (!clauses.TryGetValue(clauseId, out var clause))
                {
                    if (declared.Contains(clauseId))
                    {
                        continue; // the clause exists but has errors of its own
                    }

                    Error(DiagnosticCodes.DanglingWaiver, document.Clause.Location, LoadMessages.DanglingWaiver(id, clauseId),
                        Suggestions.DidYouMean(clauseId, clauses.Keys) ?? (clauseId.Contains('/') ? null : LoadMessages.QualifyClauseHint));
                    continue;
                }

                var kind = _options.Kinds.Find(clause.AppliesTo)!;
                var when = document.When is null ? null : _conditions.Compile(document.When, kind);
                if ((document.When is null || when is not null) && expires is { } x)
                {
                    result.Add(new Waiver(id, clauseId, when, document.Reason, document.ApprovedBy, x, document.Id.Location));
                }
            }

            return result;
        }

        public IReadOnlyList<RuleTest> CompileTests(List<TestDocument> documents, HashSet<string> clauseIds)
        {
            var result = new List<RuleTest>();
            var names = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
            foreach (var document in documents)
            {
                if (document.Name?.Value is not { } name || document.Subject is null)
                {
                    continue;
                }

                var ok = true;
                if (names.TryGetValue(name, out var first))
                {
                    Error(DiagnosticCodes.InvalidTest, document.Name.Location, LoadMessages.DuplicateTest(name, first));
                    ok = false;
                }
                else
                {
                    names[name] = document.Name.Location;
                }

                DateOnly? asOf = null;
                if (document.AsOf is { } a)
                {
                    if (Dates.TryParseDate(a.Value!, out var d))
                    {
                        asOf = d;
                    }
                    else
                    {
                        Error(DiagnosticCodes.InvalidDate, a.Location, LoadMessages.InvalidDate("asOf", "2026-03-01", a.Value));
                        ok = false;
                    }
                }

                Outcome? outcome = null;
                if (document.Outcome is { } o)
                {
                    if (VerdictNames.TryParseOutcome(o.Value!, out var parsed))
                    {
                        outcome = parsed;
                    }
                    else
                    {
                        Error(DiagnosticCodes.InvalidValue, o.Location,
                            LoadMessages.NotAnOutcome(o.Value, Enum.GetValues<Outcome>().Select(VerdictNames.Name)));
                        ok = false;
                    }
                }

                var expected = new Dictionary<string, ClauseStatus>(StringComparer.Ordinal);
                foreach (var (clause, status) in document.Clauses)
                {
                    if (!clauseIds.Contains(clause.Value!))
                    {
                        Error(DiagnosticCodes.InvalidTest, clause.Location, LoadMessages.TestNamesNoClause(name, clause.Value),
                            Suggestions.DidYouMean(clause.Value!, clauseIds));
                        ok = false;
                    }

                    if (VerdictNames.TryParseStatus(status.Value!, out var s))
                    {
                        expected[clause.Value!] = s;
                    }
                    else
                    {
                        Error(DiagnosticCodes.InvalidValue, status.Location,
                            LoadMessages.NotAStatus(status.Value, Enum.GetValues<ClauseStatus>().Select(VerdictNames.Name)));
                        ok = false;
                    }
                }

                if (document.Subject is MapNode subjectMap && subjectMap.Get("kind") is ScalarNode { IsNull: false } kindNode
                    && _options.Kinds.Find(kindNode.Value!) is { } kind)
                {
                    foreach (var (key, hint) in _binder.UnknownKeys(subjectMap, kind.Model))
                    {
                        Error(DiagnosticCodes.UnknownKey, key.Location, LoadMessages.UnknownSubjectField(key.Value, kind.Name), hint);
                        ok = false;
                    }
                }

                if (ok)
                {
                    result.Add(new RuleTest
                    {
                        Name = name,
                        AsOf = asOf,
                        Subject = _binder.Bind(document.Subject, document.Subject.Location.FileAndLine),
                        ExpectedOutcome = outcome,
                        ExpectedClauses = expected,
                        Location = document.Name.Location,
                    });
                }
            }

            return result;
        }
    }
}
