using System.CommandLine;
using Compliance.Rules.Analysis;
using Compliance.Rules.Documentation;
using Compliance.Rules.Testing;

namespace Compliance.Cli.Commands;

/// <summary><c>compliance docs</c>: the clause catalogue in plain English, as markdown or HTML, with the findings of the
/// rule-set analysis as of <c>--as-of</c> (default today, UTC).</summary>
internal static class DocsCommand
{
    public const string Markdown = "markdown";
    public const string Html = "html";

    public static Command Create(TextReader stdin, TextWriter stdout, TextWriter stderr, CliEnvironment environment)
    {
        var rules = CommonOptions.Rules();
        var format = CommonOptions.Format(Markdown, Html);
        var output = CommonOptions.Output();
        var asOf = CommonOptions.AsOf(CommonOptions.AnalyseAsOf);
        var command = new Command("docs", "Write the clause catalogue: every contract and clause in plain English, with effective dates, exceptions, supersessions, waivers, the tests that cover it and the findings of the analysis.")
        {
            rules, format, output, asOf,
        };
        command.SetAction(parsed =>
        {
            var console = new CommandConsole("docs", stdin, stdout, stderr, environment, parsed);
            if (console.LoadRules(parsed.GetValue(rules)!, withoutTests: true) is not { RuleSet: { } ruleSet } loaded)
            {
                return CliApp.UsageError;
            }

            var analysis = new AnalysisOptions { Today = parsed.GetValue(asOf) };
            var catalog = ClauseCatalog.Create(ruleSet, RuleTestRunner.Run(ruleSet, loaded.Tests), analysis);
            var html = parsed.GetValue(format) == Html;
            catalog = catalog.WithCommand(Regenerate(parsed.GetValue(rules)!, catalog.Analysis!.AsOf, html));
            var text = html ? catalog.ToHtml() : catalog.ToMarkdown();
            return console.TryWriteReport(parsed.GetValue(output), writer => writer.Write(text)) ? CliApp.Success : CliApp.UsageError;
        });
        return command;
    }

    /// <summary>The command that makes the same catalogue again, for its header: the rules paths as given, and the date
    /// of the analysis even when <c>--as-of</c> was left out (today), so that the command repeats the catalogue exactly.
    /// <c>--output</c> is left out: where the text goes does not change it.</summary>
    internal static string Regenerate(IEnumerable<string> rulePaths, DateOnly asOf, bool html) =>
        string.Join(' ', ["compliance docs", "--rules", .. rulePaths.Select(Quote),
            "--as-of " + asOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), .. html ? ["--format html"] : Array.Empty<string>()]);

    /// <summary>A path as a POSIX shell reads it back: as it is when it is plain, else in single quotes.</summary>
    private static string Quote(string path) =>
        path.Length > 0 && path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '\\' or ':')
            ? path
            : "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
