using Compliance.Evaluation;
using Compliance.Rules.Analysis;
using Compliance.Rules.Diffing;
using Compliance.Rules.Subjects;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Docs;

/// <summary>docs/library.md's "Comparing two rule sets", run from the repository root on the two readings of the disputed
/// clause (see <see cref="DocsSnippetTests"/>).</summary>
[NonParallelizable]
public class DiffGuideExample
{
    [Test]
    public void ComparingTwoRuleSets()
    {
        var directory = Environment.CurrentDirectory;
        var printed = new StringWriter { NewLine = "\n" };
        var console = Console.Out;
        Environment.CurrentDirectory = RepoRoot.Path;
        Console.SetOut(printed);
        try
        {
            // <snippet:comparing>
            var loader = new RuleSetLoader();
            RuleSet before = loader.Load(["rules/openai-amazon.yaml", "samples/readings/microsoft"]);
            RuleSet after = loader.Load(["rules/openai-amazon.yaml", "samples/readings/openai-amazon"]);

            // What the texts change: clauses added, removed and changed, naming the changed keys.
            RuleSetChanges changes = RuleSetDiff.Compare(before, after);
            foreach (ChangedItem clause in changes.Clauses.Changed)
                Console.WriteLine($"{clause.Id}: {string.Join(", ", clause.Keys)}");   // msft-openai/stateful-runtime-stateless-calls: title, text, when

            // A subject that shows each change, judged under both before it is returned (or None, or NotAnalysed and why).
            foreach (Witness witness in RuleSetDiff.FindWitnesses(before, after, changes, new AnalysisOptions { Today = new DateOnly(2026, 3, 1) }))
                Console.WriteLine($"{witness.Clause}: {witness.Result} {witness.Base} -> {witness.New}");   // ...: Found Violated -> NotApplicable

            // Every subject judged under both, in one streamed, parallel pass; only counts and examples are kept.
            var batches = new SubjectReader(after.Kinds).ReadBatches("samples/subjects/stateful-runtime-calls.yaml");
            ReplayReport replay = RuleSetDiff.Replay(before, after, batches, examples: 5);
            foreach (OutcomeTransition t in replay.Transitions)
                Console.WriteLine($"{t.From} -> {t.To}: {t.Count}, first {t.Examples[0].Subject}");   // Violation -> Compliant: 1, first stateful-runtime-bedrock
            // </snippet:comparing>
        }
        finally
        {
            Environment.CurrentDirectory = directory;
            Console.SetOut(console);
        }

        Assert.That(printed.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "msft-openai/stateful-runtime-stateless-calls: title, text, when",
            "msft-openai/stateful-runtime-stateless-calls: Found Violated -> NotApplicable",
            "Violation -> Compliant: 1, first stateful-runtime-bedrock",
        }));
    }
}
