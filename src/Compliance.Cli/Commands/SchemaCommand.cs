using System.CommandLine;
using Compliance.Rules.Schema;

namespace Compliance.Cli.Commands;

/// <summary><c>compliance schema</c>: the JSON Schema of rule, waiver and tests documents, for editors.</summary>
internal static class SchemaCommand
{
    public static Command Create(TextReader stdin, TextWriter stdout, TextWriter stderr, CliEnvironment environment)
    {
        var output = CommonOptions.Output();
        var command = new Command("schema", "Write the JSON Schema (draft 2020-12) of rule, waiver and tests documents, with the built-in kinds' paths and values, for editors.")
        {
            output,
        };
        command.SetAction(parsed =>
        {
            var console = new CommandConsole("schema", stdin, stdout, stderr, environment, parsed);
            var schema = RuleSchema.Generate();
            return console.TryWriteReport(parsed.GetValue(output), writer => writer.Write(schema)) ? CliApp.Success : CliApp.UsageError;
        });
        return command;
    }
}
