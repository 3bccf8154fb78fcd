using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Rules.Subjects;
using Compliance.Verdicts;
using NUnit.Framework;
using YamlDotNet.RepresentationModel;

namespace Compliance.Core.Tests.Conditions;

/// <summary>Runs every case of <c>Cases/conditions/*.yaml</c>: the case's condition becomes a clause's <c>require</c>
/// (the clause must be <c>satisfied</c> exactly when the condition holds) and another clause's <c>forbid</c>
/// (<c>violated</c> exactly when it holds), judged on the case's subject.</summary>
public class ConditionCaseTests
{
    private static readonly EvaluationOptions On20260301 = new() { AsOf = new DateOnly(2026, 3, 1) };

    public sealed record ConditionCase(string File, string Name, string Kind, YamlNode Condition, YamlMappingNode Subject, bool Holds,
        YamlSequenceNode? Definitions = null)
    {
        public override string ToString() => $"{File}: {Name}";
    }

    public static IEnumerable<TestCaseData> Cases()
    {
        var folder = Path.Combine(TestContext.CurrentContext.TestDirectory, "Cases", "conditions");
        foreach (var path in Directory.EnumerateFiles(folder, "*.yaml").OrderBy(p => p, StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(path)));
            var root = (YamlMappingNode)stream.Documents[0].RootNode;
            var kind = ((YamlScalarNode)root["kind"]).Value!;
            var baseFields = (YamlMappingNode)root["base"];
            var file = Path.GetFileNameWithoutExtension(path);
            foreach (var item in ((YamlSequenceNode)root["cases"]).Children.Cast<YamlMappingNode>())
            {
                var name = ((YamlScalarNode)item["name"]).Value!;
                var subject = new YamlMappingNode { { "kind", kind } };
                var own = item.Children.TryGetValue(new YamlScalarNode("subject"), out var s) ? (YamlMappingNode)s : new YamlMappingNode();
                foreach (var (key, value) in baseFields.Children.Where(e => !own.Children.ContainsKey(e.Key)).Concat(own.Children))
                {
                    subject.Add(Clone(key), Clone(value));
                }

                var holds = bool.Parse(((YamlScalarNode)item["holds"]).Value!);
                var definitions = root.Children.TryGetValue(new YamlScalarNode("definitions"), out var d) ? (YamlSequenceNode)Clone(d) : null;
                var @case = new ConditionCase(file, name, kind, Clone(item["condition"]), subject, holds, definitions);
                yield return new TestCaseData(@case).SetName($"Condition {file}: {name}");
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Evaluate_ConditionCase_HoldsAsExpected(ConditionCase @case)
    {
        var rules = new YamlMappingNode
        {
            { "apiVersion", "compliance/v1" },
            { "contract", new YamlMappingNode { { "id", "cases" }, { "title", "Condition cases" } } },
            { "clauses", new YamlSequenceNode(Clause("required", "require", @case), Clause("forbidden", "forbid", @case)) },
        };
        if (@case.Definitions is { } definitions)
        {
            rules.Add("definitions", Clone(definitions));
        }

        var rulesText = Emit(rules);
        var load = new RuleSetLoader().LoadStrings([new RuleSource("case.yaml", rulesText)]);
        Assert.That(load.Diagnostics.Where(d => d.Code != Compliance.Rules.Diagnostics.DiagnosticCodes.UnusedDefinition).Select(d => d.ToString()),
            Is.Empty, rulesText);

        var input = new SubjectReader().ReadDocument(Emit(@case.Subject), "subject.yaml").Single();
        Assert.That(input.Errors, Is.Empty, Emit(@case.Subject));

        var verdict = load.RuleSet!.Evaluate(input, On20260301);

        Assert.Multiple(() =>
        {
            Assert.That(StatusOf(verdict, "cases/required"), Is.EqualTo(@case.Holds ? ClauseStatus.Satisfied : ClauseStatus.Violated), "as `require`");
            Assert.That(StatusOf(verdict, "cases/forbidden"), Is.EqualTo(@case.Holds ? ClauseStatus.Violated : ClauseStatus.Satisfied), "as `forbid`");
        });
    }

    private static ClauseStatus? StatusOf(Verdict verdict, string id) => verdict.Clauses.SingleOrDefault(c => c.Id == id)?.Status;

    private static YamlMappingNode Clause(string id, string mode, ConditionCase @case) => new()
    {
        { "id", id },
        { "title", @case.Name },
        { "text", @case.Name },
        { "appliesTo", @case.Kind },
        { mode, Clone(@case.Condition) },
    };

    /// <summary>Copies a node without its anchor, so that case files may share subjects with YAML aliases.</summary>
    private static YamlNode Clone(YamlNode node) => node switch
    {
        YamlScalarNode s => new YamlScalarNode(s.Value) { Style = s.Style },
        YamlSequenceNode q => new YamlSequenceNode(q.Children.Select(Clone)) { Style = q.Style },
        YamlMappingNode m => new YamlMappingNode(m.Children.Select(e => new KeyValuePair<YamlNode, YamlNode>(Clone(e.Key), Clone(e.Value)))) { Style = m.Style },
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private static string Emit(YamlNode node)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
