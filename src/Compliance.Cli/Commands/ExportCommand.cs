using System.CommandLine;
using Compliance.Rules.Export;

namespace Compliance.Cli.Commands;

/// <summary><c>compliance export</c>: the rule set in another rule engine's format.</summary>
internal static class ExportCommand
{
    public const string RulesEngine = "rulesengine";

    public static Command Create(TextReader stdin, TextWriter stdout, TextWriter stderr, CliEnvironment environment)
    {
        var rules = CommonOptions.Rules();
        var format = CommonOptions.Format(RulesEngine);
        format.Description = "Export format: `rulesengine` writes Microsoft.RulesEngine workflow JSON (one workflow per subject kind, one rule per clause).";
        format.Required = true;
        format.DefaultValueFactory = null; // no default: the format is always named
        var output = CommonOptions.Output();
        var command = new Command("export", "Write the rule set in another rule engine's format.")
        {
            rules, format, output,
        };
        command.SetAction(parsed =>
        {
            var console = new CommandConsole("export", stdin, stdout, stderr, environment, parsed);
            if (console.LoadRules(parsed.GetValue(rules)!, withoutTests: true) is not { RuleSet: { } ruleSet })
            {
                return CliApp.UsageError;
            }

            var json = RulesEngineExport.ToJson(ruleSet);
            return console.TryWriteReport(parsed.GetValue(output), writer => writer.Write(json)) ? CliApp.Success : CliApp.UsageError;
        });
        return command;
    }
}
