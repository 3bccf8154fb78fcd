using System.CommandLine;
using Compliance.Rules.Schema;

namespace Compliance.Cli.Commands;

/// <summary><c>compliance schema</c>: the JSON Schema of rule, waiver and tests documents, for editors.</summary>
internal static class SchemaCommand
{
    /// <summary>Builds the <c>schema</c> command, bound to the given standard streams.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var output = RuleSetLoading.OutputOption();
        var command = new Command("schema", "Write the JSON Schema (draft 2020-12) of rule, waiver and tests documents, with the built-in kinds' paths and values, for editors.")
        {
            output,
        };
        command.SetAction(parsed => TextOutput.Write(RuleSchema.Generate(), parsed.GetValue(output), stdout, stderr, "schema"));
        return command;
    }
}
