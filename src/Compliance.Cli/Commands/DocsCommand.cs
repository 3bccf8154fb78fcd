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
            if (console.LoadRules(parsed.GetValue(rules)!) is not { RuleSet: { } ruleSet } loaded)
            {
                return CliApp.UsageError;
            }

            var analysis = new AnalysisOptions { Today = parsed.GetValue(asOf) };
            var catalog = ClauseCatalog.Create(ruleSet, RuleTestRunner.Run(ruleSet, loaded.Tests), analysis);
            var text = parsed.GetValue(format) == Html ? catalog.ToHtml() : catalog.ToMarkdown();
            return console.TryWriteReport(parsed.GetValue(output), writer => writer.Write(text)) ? CliApp.Success : CliApp.UsageError;
        });
        return command;
    }
}
