using System.CommandLine;
using Compliance.Cli.Output;
using Compliance.Evaluation;
using Compliance.Rules.Subjects;

namespace Compliance.Cli.Commands;

/// <summary><c>compliance explain</c>: for each subject, each clause of its kind with its decision and the conditions
/// that decided it, leaf by leaf.</summary>
internal sealed class ExplainCommand
{
    private readonly CommandConsole _console;

    private ExplainCommand(CommandConsole console) => _console = console;

    /// <summary>Builds the <c>explain</c> command, bound to the given standard streams.</summary>
    public static Command Create(TextReader stdin, TextWriter stdout, TextWriter stderr, CliEnvironment environment)
    {
        var rules = CommonOptions.Rules();
        var input = CommonOptions.Input();
        var asOf = CommonOptions.AsOf(CommonOptions.JudgeAsOf);

        var command = new Command("explain", "Show, for each subject and clause, which conditions decided the clause's status.")
        {
            rules, input, asOf,
        };
        command.SetAction(parsed => new ExplainCommand(new CommandConsole("explain", stdin, stdout, stderr, environment, parsed))
            .Run(parsed.GetValue(rules)!, parsed.GetValue(input)!, parsed.GetValue(asOf)));
        return command;
    }

    /// <summary>Explains every subject and returns the exit code: 0 once every subject is explained, whatever the outcomes;
    /// 2 when the rule set does not load or an input cannot be read.</summary>
    public int Run(IReadOnlyList<string> rulePaths, IReadOnlyList<string> inputPaths, DateOnly? asOf)
    {
        if (_console.LoadRules(rulePaths, withoutTests: true)?.RuleSet is not { } ruleSet)
        {
            return CliApp.UsageError;
        }

        var inputs = _console.OpenInputs(new SubjectReader(ruleSet.Kinds), inputPaths);
        if (inputs is null)
        {
            return CliApp.UsageError;
        }

        var options = new EvaluationOptions { AsOf = asOf, Trace = true, TimeProvider = _console.Environment.TimeProvider };
        var text = new ExplainText(ruleSet);
        var first = true;
        return _console.TryWriteText(outputPath: null, writer =>
        {
            foreach (var subject in inputs.SelectMany(source => source))
            {
                if (!first)
                {
                    writer.BlankLine();
                }

                first = false;
                text.Write(ruleSet.Evaluate(subject, options), subject.Subject, writer);
            }
        })
            ? CliApp.Success
            : CliApp.UsageError;
    }
}
