using Compliance.Rules.Diagnostics;
using Compliance.Rules.Yaml;

namespace Compliance.Rules.Documents;

/// <summary>Turns a parsed rule file into contract, waiver or test documents, reporting unknown keys and wrong shapes.</summary>
internal static class DocumentParser
{
    public const string ApiVersion = "compliance/v1";

    // The allowed keys of each map, from the grammar (the schema tests compare them with the schema).
    internal static IReadOnlyList<string> RootKeys => DocumentGrammar.Root.Names;
    internal static IReadOnlyList<string> ContractKeys => DocumentGrammar.Contract.Names;
    internal static IReadOnlyList<string> ClauseKeys => DocumentGrammar.Clause.Names;
    internal static IReadOnlyList<string> EffectiveKeys => DocumentGrammar.Effective.Names;
    internal static IReadOnlyList<string> ExceptionKeys => DocumentGrammar.Exception.Names;
    internal static IReadOnlyList<string> DefinitionKeys => DocumentGrammar.Definition.Names;
    internal static IReadOnlyList<string> WaiverKeys => DocumentGrammar.Waiver.Names;
    internal static IReadOnlyList<string> TestKeys => DocumentGrammar.Test.Names;
    internal static IReadOnlyList<string> ExpectKeys => DocumentGrammar.Expect.Names;

    public sealed record Parsed(ContractDocument? Contract, IReadOnlyList<WaiverDocument> Waivers, IReadOnlyList<TestDocument> Tests);

    public static Parsed? Parse(DataNode root, string file, List<Diagnostic> diagnostics)
    {
        var reader = MapReader.For(root, DocumentGrammar.Root, diagnostics);
        if (reader is null)
        {
            return null;
        }

        var version = reader.Scalar("apiVersion");
        if (version is null)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.ApiVersion, reader.Location, LoadMessages.ApiVersionMissing, LoadMessages.ApiVersionMissingHint(ApiVersion)));
        }
        else if (version.Value != ApiVersion)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.ApiVersion, version.Location,
                LoadMessages.ApiVersionWrong(version.Value!, ApiVersion)));
        }

        var kinds = DocumentGrammar.DocumentKinds.Where(k => reader.Node(k) is not null).ToArray();
        if (kinds.Length != 1)
        {
            var at = kinds.Length > 1 ? reader.KeyNode(kinds[1])!.Location : reader.Location;
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.DocumentKind, at,
                kinds.Length == 0
                    ? LoadMessages.NoDocumentKind
                    : LoadMessages.SeveralDocumentKinds(kinds),
                kinds.Length > 1 ? LoadMessages.SeveralDocumentKindsHint : null));
            return null;
        }

        foreach (var key in new[] { "clauses", "definitions" })
        {
            if (kinds[0] != "contract" && reader.KeyNode(key) is { } stray)
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.UnknownKey, stray.Location, key == "clauses" ? LoadMessages.StrayClauses : LoadMessages.StrayKey(key)));
            }
        }

        return kinds[0] switch
        {
            "contract" => new Parsed(ParseContract(reader, file, diagnostics), [], []),
            "waivers" => new Parsed(null, Items(reader, "waivers", diagnostics).Select(n => ParseWaiver(n, diagnostics)).OfType<WaiverDocument>().ToArray(), []),
            _ => new Parsed(null, [], Items(reader, "tests", diagnostics).Select(n => ParseTest(n, diagnostics)).OfType<TestDocument>().ToArray()),
        };
    }

    private static IReadOnlyList<DataNode> Items(MapReader reader, string key, List<Diagnostic> diagnostics)
    {
        var list = reader.List(key);
        if (list is null && reader.Node(key) is ScalarNode { IsNull: true } empty)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongShape, empty.Location, LoadMessages.EmptyList(key)));
        }

        return list?.Items ?? [];
    }

    private static ContractDocument? ParseContract(MapReader root, string file, List<Diagnostic> diagnostics)
    {
        var contractNode = root.Node("contract")!;
        var contract = MapReader.For(contractNode, DocumentGrammar.Contract, diagnostics);
        if (contract is null)
        {
            return null;
        }

        if (root.Node("clauses") is null)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.MissingKey, root.Location, LoadMessages.ContractNeedsClauses));
        }

        return new ContractDocument
        {
            File = file,
            Location = contract.Location,
            Id = contract.Scalar("id"),
            Title = contract.Text("title"),
            Parties = contract.Scalars("parties").Select(s => s.Value!).ToArray(),
            Clauses = Items(root, "clauses", diagnostics).Select(n => ParseClause(n, diagnostics)).OfType<ClauseDocument>().ToArray(),
            Definitions = (root.List("definitions")?.Items ?? []).Select(n => ParseDefinition(n, diagnostics)).OfType<DefinitionDocument>().ToArray(),
        };
    }

    private static DefinitionDocument? ParseDefinition(DataNode node, List<Diagnostic> diagnostics)
    {
        var definition = MapReader.For(node, DocumentGrammar.Definition, diagnostics);
        return definition is null
            ? null
            : new DefinitionDocument
            {
                Location = definition.Location,
                Id = definition.Scalar("id"),
                Section = definition.Text("section"),
                Title = definition.Text("title"),
                Text = definition.Text("text"),
                Values = NonNull(definition.Node("values")),
                Condition = NonNull(definition.Node("condition")),
            };
    }

    private static ClauseDocument? ParseClause(DataNode node, List<Diagnostic> diagnostics)
    {
        var clause = MapReader.For(node, DocumentGrammar.Clause, diagnostics);
        if (clause is null)
        {
            return null;
        }

        var (from, until, through) = Effective(clause, DocumentGrammar.Effective, diagnostics);
        return new ClauseDocument
        {
            Location = clause.Location,
            Id = clause.Scalar("id"),
            Section = clause.Text("section"),
            Title = clause.Text("title"),
            Text = clause.Text("text"),
            AppliesTo = clause.Scalar("appliesTo"),
            From = from,
            Until = until,
            Through = through,
            When = NonNull(clause.Node("when")),
            Require = NonNull(clause.Node("require")),
            Forbid = NonNull(clause.Node("forbid")),
            Effect = clause.Scalar("effect"),
            Message = clause.Scalar("message"),
            Remediation = clause.Text("remediation"),
            Exceptions = (clause.List("exceptions")?.Items ?? []).Select(n => ParseException(n, diagnostics)).OfType<ExceptionDocument>().ToArray(),
            Supersedes = clause.Scalars("supersedes"),
        };
    }

    private static DataNode? NonNull(DataNode? node) => node is ScalarNode { IsNull: true } ? null : node;

    private static ExceptionDocument? ParseException(DataNode node, List<Diagnostic> diagnostics)
    {
        var exception = MapReader.For(node, DocumentGrammar.Exception, diagnostics);
        if (exception is null)
        {
            return null;
        }

        var (from, until, through) = Effective(exception, DocumentGrammar.ExceptionEffective, diagnostics);
        return new ExceptionDocument
        {
            Location = exception.Location,
            Id = exception.Scalar("id"),
            Section = exception.Text("section"),
            Reason = exception.Text("reason"),
            When = NonNull(exception.Node("when")),
            From = from,
            Until = until,
            Through = through,
        };
    }

    /// <summary>The <c>from</c>, <c>until</c> and <c>through</c> of an <c>effective</c> window, a clause's or an exception's.</summary>
    private static (ScalarNode? From, ScalarNode? Until, ScalarNode? Through) Effective(MapReader owner, DocumentMap grammar,
        List<Diagnostic> diagnostics)
    {
        var effective = MapReader.For(owner.Node("effective"), grammar, diagnostics);
        return (effective?.Scalar("from"), effective?.Scalar("until"), effective?.Scalar("through"));
    }

    private static WaiverDocument? ParseWaiver(DataNode node, List<Diagnostic> diagnostics)
    {
        var waiver = MapReader.For(node, DocumentGrammar.Waiver, diagnostics);
        return waiver is null
            ? null
            : new WaiverDocument
            {
                Location = waiver.Location,
                Id = waiver.Scalar("id"),
                Clause = waiver.Scalar("clause"),
                When = NonNull(waiver.Node("when")),
                Reason = waiver.Text("reason"),
                ApprovedBy = waiver.Text("approvedBy"),
                Expires = waiver.Scalar("expires"),
                Through = waiver.Scalar("through"),
            };
    }

    private static TestDocument? ParseTest(DataNode node, List<Diagnostic> diagnostics)
    {
        var test = MapReader.For(node, DocumentGrammar.Test, diagnostics);
        if (test is null)
        {
            return null;
        }

        var expect = MapReader.For(test.Node("expect"), DocumentGrammar.Expect, diagnostics);
        var clauses = new List<(ScalarNode, ScalarNode)>();
        if (expect?.Node("clauses") is { } clauseNode)
        {
            if (clauseNode is MapNode map)
            {
                foreach (var (key, value) in map.Entries)
                {
                    if (value is ScalarNode { IsNull: false } status)
                    {
                        clauses.Add((key, status));
                    }
                    else
                    {
                        diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongShape, value.Location, LoadMessages.ExpectedStatusNotAValue(key.Value!)));
                    }
                }
            }
            else
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongShape, clauseNode.Location, LoadMessages.ExpectedClausesNotAMap(clauseNode.ShapeName)));
            }
        }

        return new TestDocument
        {
            Location = test.Location,
            Name = test.Scalar("name"),
            AsOf = test.Scalar("asOf"),
            Subject = test.Node("subject"),
            Outcome = expect?.Scalar("outcome"),
            Clauses = clauses,
        };
    }
}
