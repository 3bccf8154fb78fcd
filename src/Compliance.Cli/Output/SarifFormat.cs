using System.Text;
using Compliance.Cli.Output.Sarif;
using Compliance.Model;
using Compliance.Verdicts;

namespace Compliance.Cli.Output;

/// <summary>SARIF 2.1.0 for code scanning: every clause of the rule set as a rule, one result per failing clause per subject.</summary>
/// <remarks>
/// A result is located at the subject's file and line, with a related location at the clause's file and line.
/// Levels: a violated clause with effect <c>violation</c> is <c>error</c>, <c>review</c> is <c>warning</c>,
/// <c>warning</c> is <c>note</c>; a clause whose evaluation failed is <c>error</c>. An invalid subject is one
/// result of the rule <see cref="InvalidSubjectRuleId"/> (no clause id can collide with it: those hold a slash).
/// A subject read from standard input has no file: its results are located at the clause instead, and name the
/// subject in their message; an invalid one, with neither file nor clause, becomes a tool execution notification of
/// that rule (GitHub code scanning refuses the whole log when a result has no location). Streams: only the rules are
/// built up front, and the notifications kept for the end.
/// <para>Each result carries a fingerprint of its subject and rule (<see cref="Fingerprints.SubjectClause"/>), so that
/// code scanning tells apart the results of different subjects at one place (every result from standard input sits on
/// its clause's line) and follows each across runs. At most <see cref="SarifWriter.MaxResults"/> results are written;
/// a notification counts the rest.</para>
/// </remarks>
internal sealed class SarifFormat(FormatOptions options, int maxResults = SarifWriter.MaxResults) : IVerdictFormat
{
    /// <summary>The rule of results for subjects that could not be judged.</summary>
    public const string InvalidSubjectRuleId = "invalid-subject";

    /// <summary>The run's <c>automationDetails.id</c>: GitHub code scanning's category <c>compliance/check</c>.</summary>
    public const string AutomationId = "compliance/check/";

    /// <summary>What the notification of left-out results suggests.</summary>
    public const string OmittedHint = "`--format json` or `--format jsonl` lists every verdict";

    /// <summary>Only the failing clauses, at either detail and with or without <c>--trace</c>.</summary>
    public VerdictDetail Reads => VerdictDetail.Failing;

    /// <summary>The tool, as every SARIF log of the command line names it.</summary>
    public static SarifTool Tool { get; } = new(ToolInfo.Name, ToolInfo.ReleaseVersion, ToolInfo.InformationUri)
    {
        FullName = $"{ToolInfo.Name} {ToolInfo.ReleaseVersion} (contract compliance of model API calls and deployments)",
    };

    public VerdictSummary Write(IEnumerable<Verdict> verdicts, TextWriter writer)
    {
        var rules = options.RuleSet.Clauses.Select(RuleOf).Append(InvalidSubjectRule).ToArray();
        var indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Length; i++)
        {
            indexes[rules[i].Id] = i;
        }

        var counted = new CountedVerdicts(verdicts);
        using var sarif = new SarifWriter(writer, maxResults);
        sarif.WriteStart(Tool, rules, new SarifAutomation(AutomationId));
        foreach (var verdict in counted)
        {
            Write(verdict, indexes, sarif);
        }

        sarif.WriteEnd(OmittedHint);
        return counted.Summary;
    }

    /// <summary>The SARIF level of a failing clause.</summary>
    public static SarifLevel LevelOf(ClauseStatus status, Effect effect) => status == ClauseStatus.Error
        ? SarifLevel.Error
        : LevelOf(effect);

    private static SarifLevel LevelOf(Effect effect) => effect switch
    {
        Effect.Violation => SarifLevel.Error,
        Effect.Review => SarifLevel.Warning,
        Effect.Warning => SarifLevel.Note,
        _ => throw new ArgumentOutOfRangeException(nameof(effect)),
    };

    private static readonly SarifRule InvalidSubjectRule = new(InvalidSubjectRuleId)
    {
        Name = "InvalidSubject",
        ShortDescription = "The subject could not be judged",
        FullDescription = "The subject is malformed or fails validation (a missing required field, an unknown enum value, a malformed timestamp), so no clause was judged: its verdict is indeterminate.",
        Help = "Fix the subject's description so that it validates.",
        DefaultLevel = SarifLevel.Error,
        Tags = ["compliance"],
    };

    private static SarifRule RuleOf(Clause clause) => new(clause.Id)
    {
        Name = PascalCase(clause.LocalId),
        ShortDescription = clause.Title,
        FullDescription = clause.Text.Trim(),
        Help = clause.Remediation,
        DefaultLevel = LevelOf(clause.Effect),
        Tags = ["compliance", clause.Contract],
        Properties =
        [
            new("contract", clause.Contract),
            new("section", clause.Section),
            new("effect", VerdictNames.Name(clause.Effect)),
        ],
    };

    private void Write(Verdict verdict, Dictionary<string, int> indexes, SarifWriter sarif)
    {
        var subject = verdict.Source is { } source ? SourcePosition.Parse(source) : (SourcePosition?)null;
        var subjectLocation = subject is { IsFile: true } place ? new SarifLocation(options.Paths.Uri(place.File), place.Line) : null;
        var properties = new KeyValuePair<string, string?>[]
        {
            new("subject", verdict.Subject),
            new("outcome", VerdictNames.Name(verdict.Outcome)),
        };

        if (verdict.Errors.Count > 0 && subjectLocation is { } invalidAt)
        {
            sarif.WriteResult(new SarifResult(InvalidSubjectRuleId, SarifLevel.Error, InvalidMessage(verdict))
            {
                RuleIndex = indexes[InvalidSubjectRuleId],
                Locations = [invalidAt],
                PartialFingerprints = [new(Fingerprints.SubjectClause, Fingerprints.OfFinding(verdict, options.Paths, InvalidSubjectRuleId))],
                Properties = properties,
            });
        }
        else if (verdict.Errors.Count > 0)
        {
            sarif.AddNotification(new SarifNotification(InvalidSubjectRuleId, SarifLevel.Error, InvalidMessage(verdict))
            {
                RuleIndex = indexes[InvalidSubjectRuleId],
                Properties = properties,
            });
        }

        foreach (var clause in verdict.Clauses)
        {
            if (clause.Status is not (ClauseStatus.Violated or ClauseStatus.Error))
            {
                continue;
            }

            var clausePlace = SourcePosition.Parse(clause.Source);
            var clauseLocation = new SarifLocation(options.Paths.Uri(clausePlace.File), clausePlace.Line, Message: $"clause `{clause.Id}`");
            var message = clause.Message ?? clause.Title;
            sarif.WriteResult(new SarifResult(clause.Id, LevelOf(clause.Status, clause.Effect), subjectLocation is null ? $"subject `{verdict.Subject}`: {message}" : message)
            {
                RuleIndex = indexes.TryGetValue(clause.Id, out var index) ? index : null,
                Locations = [subjectLocation ?? clauseLocation with { Message = null }],
                RelatedLocations = [clauseLocation],
                PartialFingerprints = [new(Fingerprints.SubjectClause, Fingerprints.OfFinding(verdict, options.Paths, clause.Id))],
                Properties = properties,
            });
        }
    }

    private static string InvalidMessage(Verdict verdict)
    {
        var text = new StringBuilder($"subject `{verdict.Subject}` is invalid: ");
        text.AppendJoin("; ", verdict.Errors.Select(e => e.Path is { Length: > 0 } path ? $"{path}: {e.Message}" : e.Message));
        return text.ToString();
    }

    private static string PascalCase(string id) =>
        string.Concat(id.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
