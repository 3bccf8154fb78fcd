using System.Globalization;
using System.Text;
using System.Text.Json;
using Compliance.Cli.Commands;
using Compliance.Rules.Diffing;
using Compliance.Verdicts;

namespace Compliance.Cli.Output;

/// <summary>The report formats of <c>diff</c>: text for people, a versioned JSON document, and Markdown to post as a
/// pull-request comment (a table of transitions, the examples in collapsible <c>&lt;details&gt;</c>).</summary>
/// <remarks>Every id, key, subject and path is the user's text: the text goes through <see cref="SafeText"/>, the
/// Markdown through <see cref="MarkdownFormat.Escape"/> and <see cref="MarkdownFormat.Code"/>, and the JSON through the
/// JSON writer's escaping.</remarks>
internal static class DiffFormats
{
    public const string Text = "text";
    public const string Json = "json";
    public const string Markdown = "markdown";

    /// <summary>The version of the JSON document <c>diff --format json</c> writes.</summary>
    public const string SchemaVersion = "1";

    public static readonly string[] All = [Text, Json, Markdown];

    private const string Arrow = " → ";

    public static void Write(string format, DiffReport report, TextWriter writer, bool color)
    {
        switch (format)
        {
            case Text:
                WriteText(report, new SafeText(writer, color));
                break;
            case Json:
                WriteJson(report, writer);
                break;
            case Markdown:
                WriteMarkdown(report, writer);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "unknown format");
        }
    }

    // ----- text ---------------------------------------------------------------------------------------------------

    private static void WriteText(DiffReport report, SafeText text)
    {
        WriteChanges(text, "Clauses", report.Changes.Clauses);
        WriteChanges(text, "Definitions", report.Changes.Definitions);

        text.BlankLine();
        text.Write(Tone.Strong, "Witnesses").EndLine();
        if (report.Witnesses.Count == 0)
        {
            text.Line("  no clause was added or changed");
        }

        foreach (var witness in report.Witnesses)
        {
            text.Write("  ").Write(witness.Clause).Write(": ");
            switch (witness.Result)
            {
                case WitnessResult.Found:
                    text.Write("on ").Write(Date(witness.AsOf!.Value)).Write(", ")
                        .Write(Name(witness.Base!.Value)).Write(Arrow).Write(Name(witness.New!.Value))
                        .Write(" (outcome ").Write(Name(witness.BaseOutcome!.Value)).Write(Arrow).Write(Name(witness.NewOutcome!.Value)).Write(")")
                        .EndLine();
                    text.Write("    ").Write(witness.Subject).EndLine();
                    break;
                case WitnessResult.None:
                    text.Line(NoWitness);
                    break;
                default:
                    text.Write("not analysed: ").Write(witness.Reason).EndLine();
                    break;
            }
        }

        if (report.Subjects is not { } subjects)
        {
            return;
        }

        text.BlankLine();
        text.Write(Tone.Strong, "Subjects").Write(": ").Write(Count(subjects.Judged, "judged")).Write(", ")
            .Write(Count(subjects.Changed, "changed")).EndLine();
        foreach (var transition in subjects.Transitions)
        {
            text.Write("  ").Write(Name(transition.From)).Write(Arrow).Write(Name(transition.To)).Write(": ")
                .Write(Number(transition.Count)).EndLine();
            foreach (var example in transition.Examples)
            {
                text.Write("    ").Write(example.Subject);
                if (example.Source is { } source)
                {
                    text.Write(" (").Write(source).Write(")");
                }

                text.EndLine();
                foreach (var clause in example.Clauses)
                {
                    text.Write("      ").Write(clause.Id).Write(": ").Write(Name(clause.From)).Write(Arrow).Write(Name(clause.To)).EndLine();
                }
            }

            if (transition.Count > transition.Examples.Count)
            {
                text.Write("    … and ").Write(Number(transition.Count - transition.Examples.Count)).Write(" more").EndLine();
            }
        }

        if (subjects.ByClause.Count > 0)
        {
            text.BlankLine();
            text.Write(Tone.Strong, "By clause").EndLine();
            foreach (var clause in subjects.ByClause)
            {
                text.Write("  ").Write(clause.Id).Write(": ").Write(Name(clause.From)).Write(Arrow).Write(Name(clause.To)).Write(": ")
                    .Write(Number(clause.Count)).EndLine();
            }
        }
    }

    private const string NoWitness = "none: no subject's verdict differs, within the analysed domain";

    private static void WriteChanges(SafeText text, string heading, ChangeList changes)
    {
        if (heading == "Definitions" && changes.IsEmpty)
        {
            return;
        }

        if (heading != "Clauses")
        {
            text.BlankLine();
        }

        text.Write(Tone.Strong, heading).Write(": ").Write(Number(changes.Added.Count)).Write(" added, ")
            .Write(Number(changes.Removed.Count)).Write(" removed, ").Write(Number(changes.Changed.Count)).Write(" changed").EndLine();
        foreach (var id in changes.Added)
        {
            text.Write("  added    ").Write(id).EndLine();
        }

        foreach (var id in changes.Removed)
        {
            text.Write("  removed  ").Write(id).EndLine();
        }

        foreach (var changed in changes.Changed)
        {
            text.Write("  changed  ").Write(changed.Id).Write(" (").Write(string.Join(", ", changed.Keys)).Write(")").EndLine();
        }
    }

    // ----- JSON ---------------------------------------------------------------------------------------------------

    private static void WriteJson(DiffReport report, TextWriter writer)
    {
        using var stream = new TextWriterStream(writer);
        using (var json = new Utf8JsonWriter(stream, VerdictJson.WriterOptions(indented: true)))
        {
            json.WriteStartObject();
            json.WriteString("schemaVersion", SchemaVersion);
            WriteJson(json, "clauses", report.Changes.Clauses);
            WriteJson(json, "definitions", report.Changes.Definitions);
            json.WriteStartArray("witnesses");
            foreach (var witness in report.Witnesses)
            {
                json.WriteStartObject();
                json.WriteString("clause", witness.Clause);
                json.WriteString("result", witness.Result switch
                {
                    WitnessResult.Found => "found",
                    WitnessResult.None => "none",
                    _ => "notAnalysed",
                });
                if (witness.Result == WitnessResult.Found)
                {
                    json.WriteString("asOf", Date(witness.AsOf!.Value));
                    json.WriteString("subject", witness.Subject);
                    json.WriteStartObject("base");
                    json.WriteString("status", Name(witness.Base!.Value));
                    json.WriteString("outcome", Name(witness.BaseOutcome!.Value));
                    json.WriteEndObject();
                    json.WriteStartObject("new");
                    json.WriteString("status", Name(witness.New!.Value));
                    json.WriteString("outcome", Name(witness.NewOutcome!.Value));
                    json.WriteEndObject();
                }
                else if (witness.Reason is { } reason)
                {
                    json.WriteString("reason", reason);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (report.Subjects is not { } subjects)
            {
                json.WriteNull("subjects");
            }
            else
            {
                json.WriteStartObject("subjects");
                json.WriteNumber("judged", subjects.Judged);
                json.WriteNumber("changed", subjects.Changed);
                json.WriteStartArray("transitions");
                foreach (var transition in subjects.Transitions)
                {
                    json.WriteStartObject();
                    json.WriteString("from", Name(transition.From));
                    json.WriteString("to", Name(transition.To));
                    json.WriteNumber("count", transition.Count);
                    WriteExamples(json, transition.Examples);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteStartArray("byClause");
                foreach (var clause in subjects.ByClause)
                {
                    json.WriteStartObject();
                    json.WriteString("id", clause.Id);
                    json.WriteString("from", Name(clause.From));
                    json.WriteString("to", Name(clause.To));
                    json.WriteNumber("count", clause.Count);
                    WriteExamples(json, clause.Examples);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        writer.Write('\n');
    }

    private static void WriteJson(Utf8JsonWriter json, string name, ChangeList changes)
    {
        json.WriteStartObject(name);
        WriteStrings(json, "added", changes.Added);
        WriteStrings(json, "removed", changes.Removed);
        json.WriteStartArray("changed");
        foreach (var changed in changes.Changed)
        {
            json.WriteStartObject();
            json.WriteString("id", changed.Id);
            WriteStrings(json, "keys", changed.Keys);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteExamples(Utf8JsonWriter json, IReadOnlyList<SubjectDiff> examples) =>
        WriteStrings(json, "examples", examples.Select(e => e.Subject));

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    // ----- Markdown -----------------------------------------------------------------------------------------------

    private static void WriteMarkdown(DiffReport report, TextWriter writer)
    {
        var md = new StringBuilder();
        md.Append("## Compliance diff\n\n");
        md.Append(Headline(report)).Append("\n\n");

        md.Append("### Clauses\n\n");
        AppendChanges(md, "clause", report.Changes.Clauses);
        if (!report.Changes.Definitions.IsEmpty)
        {
            md.Append("### Definitions\n\n");
            AppendChanges(md, "definition", report.Changes.Definitions);
        }

        if (report.Witnesses.Count > 0)
        {
            md.Append("### Witnesses\n\n");
            md.Append("A subject whose verdict differs, for each added or changed clause, checked by judging it under both rule sets.\n\n");
            md.Append("| clause | witness | date | base | new |\n|---|---|---|---|---|\n");
            foreach (var witness in report.Witnesses)
            {
                switch (witness.Result)
                {
                    case WitnessResult.Found:
                        md.Append(Row(MarkdownFormat.Code(witness.Clause), MarkdownFormat.Code(witness.Subject!), Date(witness.AsOf!.Value),
                            $"{Name(witness.Base!.Value)} ({Name(witness.BaseOutcome!.Value)})", $"{Name(witness.New!.Value)} ({Name(witness.NewOutcome!.Value)})"));
                        break;
                    case WitnessResult.None:
                        md.Append(Row(MarkdownFormat.Code(witness.Clause), "none: no verdict differs, within the analysed domain", string.Empty, string.Empty, string.Empty));
                        break;
                    default:
                        md.Append(Row(MarkdownFormat.Code(witness.Clause), "not analysed: " + MarkdownFormat.Escape(witness.Reason ?? string.Empty),
                            string.Empty, string.Empty, string.Empty));
                        break;
                }
            }

            md.Append('\n');
        }

        if (report.Subjects is { } subjects)
        {
            md.Append("### Subjects\n\n");
            md.Append(CultureInfo.InvariantCulture, $"{Count(subjects.Judged, "judged")} under both rule sets, {Number(subjects.Changed)} with a different verdict.\n\n");
            if (subjects.Transitions.Count > 0)
            {
                md.Append("| base outcome | new outcome | subjects |\n|---|---|---:|\n");
                foreach (var transition in subjects.Transitions)
                {
                    md.Append(Row(Name(transition.From), Name(transition.To), Number(transition.Count)));
                }

                md.Append('\n');
                foreach (var transition in subjects.Transitions)
                {
                    md.Append(CultureInfo.InvariantCulture,
                        $"<details><summary>{Name(transition.From)}{Arrow}{Name(transition.To)}: {Count(transition.Count, "subject", plural: true)}</summary>\n\n");
                    md.Append("| subject | source | clause | base | new |\n|---|---|---|---|---|\n");
                    foreach (var example in transition.Examples)
                    {
                        var source = example.Source is { } text ? MarkdownFormat.Code(text) : string.Empty;
                        if (example.Clauses.Count == 0)
                        {
                            md.Append(Row(MarkdownFormat.Code(example.Subject), source, string.Empty, string.Empty, string.Empty));
                        }

                        foreach (var clause in example.Clauses)
                        {
                            md.Append(Row(MarkdownFormat.Code(example.Subject), source, MarkdownFormat.Code(clause.Id), Name(clause.From), Name(clause.To)));
                        }
                    }

                    if (transition.Count > transition.Examples.Count)
                    {
                        md.Append(CultureInfo.InvariantCulture, $"\n… and {Number(transition.Count - transition.Examples.Count)} more: `--examples` shows more, `--format json` counts them all.\n");
                    }

                    md.Append("\n</details>\n\n");
                }

                md.Append("#### By clause\n\n| clause | base | new | subjects |\n|---|---|---|---:|\n");
                foreach (var clause in subjects.ByClause)
                {
                    md.Append(Row(MarkdownFormat.Code(clause.Id), Name(clause.From), Name(clause.To), Number(clause.Count)));
                }

                md.Append('\n');
            }
        }

        writer.Write(md.ToString().TrimEnd('\n') + "\n");
    }

    private static string Headline(DiffReport report)
    {
        var clauses = report.Changes.Clauses;
        var parts = new List<string>
        {
            $"{Number(clauses.Added.Count)} added, {Number(clauses.Removed.Count)} removed, {Number(clauses.Changed.Count)} changed {(clauses.Added.Count + clauses.Removed.Count + clauses.Changed.Count == 1 ? "clause" : "clauses")}",
        };
        if (report.Subjects is { } subjects)
        {
            parts.Add($"{Number(subjects.Changed)} of {Count(subjects.Judged, "subject", plural: true)} with a different verdict");
        }

        return report.AnyChange ? "**Changes**: " + string.Join("; ", parts) + "." : "**No change**: " + string.Join("; ", parts) + ".";
    }

    private static void AppendChanges(StringBuilder md, string what, ChangeList changes)
    {
        if (changes.IsEmpty)
        {
            md.Append(CultureInfo.InvariantCulture, $"No {what} was added, removed or changed.\n\n");
            return;
        }

        md.Append(CultureInfo.InvariantCulture, $"| change | {what} | keys |\n|---|---|---|\n");
        foreach (var id in changes.Added)
        {
            md.Append(Row("added", MarkdownFormat.Code(id), string.Empty));
        }

        foreach (var id in changes.Removed)
        {
            md.Append(Row("removed", MarkdownFormat.Code(id), string.Empty));
        }

        foreach (var changed in changes.Changed)
        {
            md.Append(Row("changed", MarkdownFormat.Code(changed.Id), string.Join(", ", changed.Keys.Select(MarkdownFormat.Code))));
        }

        md.Append('\n');
    }

    private static string Row(params string[] cells) => "| " + string.Join(" | ", cells) + " |\n";

    // ----- words --------------------------------------------------------------------------------------------------

    private static string Name(Outcome outcome) => VerdictNames.Name(outcome);

    private static string Name(ClauseStatus status) => VerdictNames.Name(status);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Count(int n, string word, bool plural = false) =>
        plural ? $"{Number(n)} {word}{(n == 1 ? string.Empty : "s")}" : $"{Number(n)} {word}";
}
