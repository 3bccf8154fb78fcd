using Compliance.Rules.Diagnostics;
using Compliance.Rules.Yaml;

namespace Compliance.Rules.Documents;

/// <summary>The documents of a rule set as written, read and validated file by file (in ordinal path order) before
/// anything compiles: YAML within the limits, the grammar's keys and shapes, required keys, ids and words.</summary>
/// <param name="Contracts">The contract documents read.</param>
/// <param name="Waivers">The waivers of every waivers document.</param>
/// <param name="Tests">The tests of every tests document.</param>
/// <param name="TestFiles">The files read as tests documents: their diagnostics are the tests' (<see cref="RuleSetLoaderOptions.TestErrorsStopLoad"/>).</param>
/// <param name="Unreadable">The files that could not be read as YAML or as a document, each with its first error: what they
/// would have defined is unknown (see <see cref="Compilation.UnreadableFiles"/>).</param>
internal sealed record DocumentSet(IReadOnlyList<ContractDocument> Contracts, IReadOnlyList<WaiverDocument> Waivers, IReadOnlyList<TestDocument> Tests,
    IReadOnlySet<string> TestFiles, IReadOnlyList<Diagnostic> Unreadable)
{
    public static DocumentSet Read(IEnumerable<RuleSource> sources, YamlLimits limits, List<Diagnostic> diagnostics)
    {
        var contracts = new List<ContractDocument>();
        var waivers = new List<WaiverDocument>();
        var tests = new List<TestDocument>();
        var testFiles = new HashSet<string>(StringComparer.Ordinal);
        var unreadable = new List<Diagnostic>();
        foreach (var source in sources.OrderBy(s => s.Path, StringComparer.Ordinal))
        {
            var before = diagnostics.Count;
            var root = YamlDocumentReader.Read(source.Content, source.Path, limits, diagnostics);
            var parsed = root is null ? null : DocumentParser.Parse(root, source.Path, diagnostics);
            if (parsed is null || (parsed.Contract is null && IsContract(root!)))
            {
                // Not a document (broken YAML, no kind, not a map), or a contract whose `contract` is not a map.
                var first = diagnostics.Skip(before).FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
                unreadable.Add(first ?? new Diagnostic(DiagnosticCodes.YamlSyntax, DiagnosticSeverity.Error, source.Path, 1, 1, string.Empty));
            }
            else if (parsed.Contract is null && IsTests(root!))
            {
                testFiles.Add(source.Path);
            }
            if (parsed?.Contract is { } contract)
            {
                DocumentValidators.Report(DocumentValidators.Contract, contract, diagnostics);
                foreach (var clause in contract.Clauses)
                {
                    DocumentValidators.Report(DocumentValidators.Clause, clause, diagnostics);
                }

                foreach (var definition in contract.Definitions)
                {
                    DocumentValidators.Report(DocumentValidators.Definition, definition, diagnostics);
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

        return new DocumentSet(contracts, waivers, tests, testFiles, unreadable);
    }

    private static bool IsContract(DataNode root) => root is MapNode map && map.Get("contract") is not null;

    private static bool IsTests(DataNode root) => root is MapNode map && map.Get("tests") is not null;
}
