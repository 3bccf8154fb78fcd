using Compliance.Rules.Diagnostics;
using Compliance.Rules.Yaml;

namespace Compliance.Rules.Documents;

/// <summary>The documents of a rule set as written, read and validated file by file (in ordinal path order) before
/// anything compiles: YAML within the limits, the grammar's keys and shapes, required keys, ids and words.</summary>
internal sealed record DocumentSet(IReadOnlyList<ContractDocument> Contracts, IReadOnlyList<WaiverDocument> Waivers, IReadOnlyList<TestDocument> Tests)
{
    public static DocumentSet Read(IEnumerable<RuleSource> sources, YamlLimits limits, List<Diagnostic> diagnostics)
    {
        var contracts = new List<ContractDocument>();
        var waivers = new List<WaiverDocument>();
        var tests = new List<TestDocument>();
        foreach (var source in sources.OrderBy(s => s.Path, StringComparer.Ordinal))
        {
            var root = YamlDocumentReader.Read(source.Content, source.Path, limits, diagnostics);
            var parsed = root is null ? null : DocumentParser.Parse(root, source.Path, diagnostics);
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

        return new DocumentSet(contracts, waivers, tests);
    }
}
