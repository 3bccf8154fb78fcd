using System.CommandLine;
using Compliance.Rules.Documentation;
using Compliance.Rules.Testing;

namespace Compliance.Cli.Commands;

/// <summary><c>compliance docs</c>: the clause catalogue in plain English, as markdown or HTML.</summary>
internal static class DocsCommand
{
    public const string Markdown = "markdown";
    public const string Html = "html";

    /// <summary>Builds the <c>docs</c> command, bound to the given standard streams.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var rules = RuleSetLoading.RulesOption();
        var format = new Option<string>("--format")
        {
            Description = "Catalogue format.",
            DefaultValueFactory = _ => Markdown,
        };
        format.AcceptOnlyFromAmong(Markdown, Html);
        var output = RuleSetLoading.OutputOption();
        var command = new Command("docs", "Write the clause catalogue: every contract and clause in plain English, with effective dates, exceptions, supersessions, waivers and the tests that cover it.")
        {
            rules, format, output,
        };
        command.SetAction(parsed => Run(parsed.GetValue(rules)!, parsed.GetValue(format)!, parsed.GetValue(output), stdout, stderr));
        return command;
    }

    private static int Run(IReadOnlyList<string> rulePaths, string format, string? outputPath, TextWriter stdout, TextWriter stderr)
    {
        var loaded = RuleSetLoading.Load(rulePaths, stderr, "docs");
        if (loaded?.RuleSet is not { } ruleSet)
        {
            return CliApp.UsageError;
        }

        var catalog = ClauseCatalog.Create(ruleSet, RuleTestRunner.Run(ruleSet, loaded.Tests));
        var text = format == Html ? catalog.ToHtml() : catalog.ToMarkdown();
        return TextOutput.Write(text, outputPath, stdout, stderr, "docs");
    }
}
