using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Compliance.Conditions;
using Compliance.Model;
using Compliance.Subjects;
using Compliance.Verdicts;

namespace Compliance.Rules.Export;

/// <summary>Writes a rule set as Microsoft.RulesEngine workflow JSON: one workflow per subject kind (named after the
/// kind), one rule per clause (named after its qualified id), whose nested rules tell which status the clause has.</summary>
/// <remarks>
/// <para>Each clause rule has <c>Operator: "Or"</c> over up to five branches, in the order the engine decides statuses:
/// <c>notApplicable</c> (outside the effective window, or <c>when</c> false), <c>superseded</c> (a superseding clause is in
/// effect), <c>satisfied</c>, <c>exempt</c> (one branch per exception) and <c>waived</c> (one per waiver). Each branch
/// carries <c>Properties.status</c> (and <c>exception</c> or <c>waiver</c>). So the clause rule succeeds unless the clause is
/// violated, and with <c>NestedRuleExecutionMode.All</c> the first successful branch is the clause's status. Inside a
/// branch, <c>all</c> and <c>any</c> become nested rules (<c>And</c>/<c>Or</c>), <c>not</c> is pushed down to the leaves, and
/// every leaf is a lambda expression over the parameters <see cref="SubjectParameter"/> and <see cref="AsOfParameter"/>.</para>
/// <para>Run it with <c>new ReSettings { CustomTypes = RulesEngineExport.CustomTypes.ToArray(), NestedRuleExecutionMode =
/// NestedRuleExecutionMode.All }</c> and <c>ExecuteAllRulesAsync(kind, new RuleParameter("subject", subject),
/// new RuleParameter("asOf", date))</c>, where the subject is the kind's CLR type and the date a <see cref="DateTime"/> at
/// midnight. What the export cannot carry is listed in <c>docs/export.md</c>.</para>
/// <para>Thread-safe; the output is deterministic.</para>
/// </remarks>
public static class RulesEngineExport
{
    /// <summary>The name of the rule parameter that holds the subject.</summary>
    public const string SubjectParameter = "subject";

    /// <summary>The name of the rule parameter that holds the evaluation date, a <see cref="DateTime"/> at midnight.</summary>
    public const string AsOfParameter = "asOf";

    /// <summary>The types the expressions use beyond RulesEngine's defaults, for <c>ReSettings.CustomTypes</c>:
    /// <see cref="Regex"/> and <see cref="RegexOptions"/> (for <c>matches</c>).</summary>
    public static IReadOnlyList<Type> CustomTypes { get; } = [typeof(Regex), typeof(RegexOptions)];

    /// <summary>The rule set as RulesEngine workflow JSON (an array of workflows), indented, ending with a newline.</summary>
    /// <param name="ruleSet">The loaded rule set.</param>
    public static string ToJson(RuleSet ruleSet)
    {
        ArgumentNullException.ThrowIfNull(ruleSet);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            new Writer(ruleSet, json).Write();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>The name of the branch rule that holds when a clause has the status.</summary>
    internal static string BranchName(string clauseId, ClauseStatus status, string? by = null) =>
        by is null ? $"{clauseId}: {VerdictNames.Name(status)}" : $"{clauseId}: {VerdictNames.Name(status)} by {by}";

    /// <summary>A rule tree: a lambda leaf, or nested rules joined by <c>And</c>/<c>Or</c>.</summary>
    private abstract record Node;

    private sealed record Leaf(Lambda Expression) : Node;

    private sealed record Group(bool IsAnd, IReadOnlyList<Node> Items) : Node;

    private sealed record Branch(string Name, Dictionary<string, string> Properties, Node Node);

    private sealed class Writer(RuleSet ruleSet, Utf8JsonWriter json)
    {
        private readonly LambdaWriter _lambdas = new(ruleSet.Kinds);
        private readonly ILookup<string, Clause> _supersededBy = ruleSet.Clauses
            .SelectMany(c => c.Supersedes.Select(target => (Target: target, By: c)))
            .ToLookup(p => p.Target, p => p.By, StringComparer.Ordinal);

        public void Write()
        {
            json.WriteStartArray();
            foreach (var kind in ruleSet.Kinds.Kinds)
            {
                var clauses = ruleSet.Clauses.Where(c => c.AppliesTo == kind.Name).ToArray();
                if (clauses.Length == 0)
                {
                    continue;
                }

                json.WriteStartObject();
                json.WriteString("WorkflowName", kind.Name);
                json.WritePropertyName("Rules");
                json.WriteStartArray();
                foreach (var clause in clauses)
                {
                    WriteClause(clause, kind);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        private void WriteClause(Clause clause, SubjectKind kind)
        {
            json.WriteStartObject();
            json.WriteString("RuleName", clause.Id);
            json.WriteString("SuccessEvent", clause.Title);
            json.WriteString("ErrorMessage", ErrorMessage(clause, kind));
            json.WriteBoolean("Enabled", true);
            var properties = new Dictionary<string, string>
            {
                ["contract"] = clause.Contract,
                ["title"] = clause.Title,
                ["effect"] = VerdictNames.Name(clause.Effect),
                ["mode"] = clause.Mode == ClauseMode.Require ? "require" : "forbid",
                ["source"] = clause.Location.FileAndLine,
            };
            if (clause.Section is { } section)
            {
                properties["section"] = section;
            }

            if (clause.Effective.From is { } from)
            {
                properties["effectiveFrom"] = Operand.Format(from);
            }

            if (clause.Effective.Until is { } until)
            {
                properties["effectiveUntil"] = Operand.Format(until);
            }

            properties["text"] = clause.Text;
            if (clause.Remediation is { } remediation)
            {
                properties["remediation"] = remediation;
            }

            WriteProperties(properties);
            json.WriteString("Operator", "Or");
            json.WritePropertyName("Rules");
            json.WriteStartArray();
            foreach (var branch in Branches(clause, kind))
            {
                WriteRule(branch.Name, branch.Node, branch.Properties);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        private IEnumerable<Branch> Branches(Clause clause, SubjectKind kind)
        {
            var notApplicable = new List<Node>();
            if (clause.Effective.From is { } from)
            {
                notApplicable.Add(new Leaf(new Lambda($"{AsOfParameter} < {LambdaWriter.DateTimeLiteral(from)}", Lambda.Comparison)));
            }

            if (clause.Effective.Until is { } until)
            {
                notApplicable.Add(new Leaf(new Lambda($"{AsOfParameter} >= {LambdaWriter.DateTimeLiteral(until)}", Lambda.Comparison)));
            }

            if (clause.When is { } when)
            {
                notApplicable.Add(Tree(when, kind, negate: true));
            }

            if (notApplicable.Count > 0)
            {
                yield return Status(clause.Id, ClauseStatus.NotApplicable, Simplify(new Group(IsAnd: false, notApplicable)));
            }

            var superseders = _supersededBy[clause.Id].ToArray();
            if (superseders.Length > 0)
            {
                var inEffect = superseders.Select(by => (Node)new Leaf(InEffect(by.Effective))).ToArray();
                yield return Status(clause.Id, ClauseStatus.Superseded, Simplify(new Group(IsAnd: false, inEffect)));
            }

            yield return Status(clause.Id, ClauseStatus.Satisfied, Tree(clause.Condition, kind, negate: clause.Mode == ClauseMode.Forbid));
            foreach (var exception in clause.Exceptions)
            {
                var exempts = Tree(exception.When, kind, negate: false);
                if (exception.Effective.From is not null || exception.Effective.Until is not null)
                {
                    // A dated carve-out exists only inside its own window.
                    exempts = Simplify(new Group(IsAnd: true, [new Leaf(InEffect(exception.Effective)), exempts]));
                }

                yield return Status(clause.Id, ClauseStatus.Exempt, exempts, ("exception", exception.Id));
            }

            foreach (var waiver in ruleSet.Waivers.Where(w => w.ClauseId == clause.Id))
            {
                Node active = new Leaf(new Lambda($"{AsOfParameter} < {LambdaWriter.DateTimeLiteral(waiver.Expires)}", Lambda.Comparison));
                var node = waiver.When is { } covers ? Simplify(new Group(IsAnd: true, [active, Tree(covers, kind, negate: false)])) : active;
                yield return Status(clause.Id, ClauseStatus.Waived, node, ("waiver", waiver.Id));
            }
        }

        private static Branch Status(string clauseId, ClauseStatus status, Node node, (string Key, string Id)? by = null)
        {
            var properties = new Dictionary<string, string> { ["status"] = VerdictNames.Name(status) };
            if (by is { } b)
            {
                properties[b.Key] = b.Id;
            }

            return new Branch(BranchName(clauseId, status, by?.Id), properties, node);
        }

        private static Lambda InEffect(EffectiveWindow window) => Lambda.AllOf(
        [
            .. window.From is { } from ? [new Lambda($"{AsOfParameter} >= {LambdaWriter.DateTimeLiteral(from)}", Lambda.Comparison)] : Array.Empty<Lambda>(),
            .. window.Until is { } until ? [new Lambda($"{AsOfParameter} < {LambdaWriter.DateTimeLiteral(until)}", Lambda.Comparison)] : Array.Empty<Lambda>(),
        ]);

        /// <summary>A condition as nested rules: <c>all</c>/<c>any</c> become <c>And</c>/<c>Or</c>, and a negation is pushed
        /// down to the leaves (RulesEngine has no <c>Not</c> operator), swapping <c>And</c> and <c>Or</c> on the way.</summary>
        private Node Tree(Condition condition, SubjectKind kind, bool negate) => condition switch
        {
            AllCondition all => Simplify(new Group(IsAnd: !negate, all.Items.Select(i => Tree(i, kind, negate)).ToArray())),
            AnyCondition any => Simplify(new Group(IsAnd: negate, any.Items.Select(i => Tree(i, kind, negate)).ToArray())),
            NotCondition not => Tree(not.Inner, kind, !negate),
            TermCondition term => Tree(term.Inner, kind, negate),
            _ => new Leaf(negate ? Lambda.Not(_lambdas.Write(condition, kind)) : _lambdas.Write(condition, kind)),
        };

        /// <summary>Flattens a group into a parent of the same operator, and a group of one into its member.</summary>
        private static Node Simplify(Group group)
        {
            var items = group.Items.SelectMany(i => i is Group g && g.IsAnd == group.IsAnd ? g.Items : [i]).ToArray();
            return items.Length == 1 ? items[0] : group with { Items = items };
        }

        private void WriteRule(string name, Node node, Dictionary<string, string>? properties)
        {
            json.WriteStartObject();
            json.WriteString("RuleName", name);
            json.WriteBoolean("Enabled", true);
            if (properties is not null)
            {
                WriteProperties(properties);
            }

            switch (node)
            {
                case Leaf leaf:
                    json.WriteString("RuleExpressionType", "LambdaExpression");
                    json.WriteString("Expression", leaf.Expression.Text);
                    break;
                case Group group:
                    json.WriteString("Operator", group.IsAnd ? "And" : "Or");
                    json.WritePropertyName("Rules");
                    json.WriteStartArray();
                    for (var i = 0; i < group.Items.Count; i++)
                    {
                        WriteRule($"{name} / {i + 1}", group.Items[i], null);
                    }

                    json.WriteEndArray();
                    break;
            }

            json.WriteEndObject();
        }

        private void WriteProperties(Dictionary<string, string> properties)
        {
            json.WritePropertyName("Properties");
            json.WriteStartObject();
            foreach (var (key, value) in properties)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
        }

        /// <summary>The clause's message (else its title), with <c>{path}</c> placeholders for top-level text, number and
        /// true/false fields written as RulesEngine's <c>$(subject.Member)</c>; other placeholders stay as written.</summary>
        private static string ErrorMessage(Clause clause, SubjectKind kind)
        {
            if (clause.Message is not { } message)
            {
                return clause.Title;
            }

            return Regex.Replace(message.Text, @"\{\s*([^{}]+?)\s*\}", match =>
                kind.Model.Find(match.Groups[1].Value) is { Type: FieldType.String or FieldType.Integer or FieldType.Number or FieldType.Boolean } field
                    ? $"$({SubjectParameter}.{field.ClrName})"
                    : match.Value, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
    }
}
