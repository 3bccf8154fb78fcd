using System.CommandLine;
using Compliance.Rules.Export;

namespace Compliance.Cli.Commands;

/// <summary><c>compliance export</c>: the rule set in another engine's format (Microsoft.RulesEngine workflow JSON).</summary>
internal static class ExportCommand
{
    public const string RulesEngine = "rulesengine";

    /// <summary>Builds the <c>export</c> command, bound to the given standard streams.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var rules = RuleSetLoading.RulesOption();
        var format = new Option<string>("--format")
        {
            Description = "Export format: `rulesengine` writes Microsoft.RulesEngine workflow JSON (one workflow per subject kind, one rule per clause).",
            Required = true,
        };
        format.AcceptOnlyFromAmong(RulesEngine);
        var output = RuleSetLoading.OutputOption();
        var command = new Command("export", "Write the rule set in another rule engine's format.")
        {
            rules, format, output,
        };
        command.SetAction(parsed =>
        {
            var loaded = RuleSetLoading.Load(parsed.GetValue(rules)!, stderr, "export");
            return loaded?.RuleSet is { } ruleSet
                ? TextOutput.Write(RulesEngineExport.ToJson(ruleSet), parsed.GetValue(output), stdout, stderr, "export")
                : CliApp.UsageError;
        });
        return command;
    }
}
