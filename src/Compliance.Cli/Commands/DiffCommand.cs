using System.CommandLine;
using Compliance.Cli.Output;
using Compliance.Evaluation;
using Compliance.Rules.Analysis;
using Compliance.Rules.Diffing;
using Compliance.Rules.Subjects;

namespace Compliance.Cli.Commands;

/// <summary><c>compliance diff</c>: what a change to the rules changes. Compares the rule set at <c>--base</c> with the
/// one at <c>--rules</c>: the clauses added, removed and changed, a witness subject for each changed or added clause,
/// and, with <c>--input</c>, every subject judged under both in one streamed pass, grouped by what changed.</summary>
internal sealed class DiffCommand
{
    private readonly CommandConsole _console;
    private readonly CliEnvironment _environment;

    private DiffCommand(CommandConsole console, CliEnvironment environment)
    {
        _console = console;
        _environment = environment;
    }

    /// <summary>Builds the <c>diff</c> command, bound to the given standard streams.</summary>
    public static Command Create(TextReader stdin, TextWriter stdout, TextWriter stderr, CliEnvironment environment)
    {
        var @base = CommonOptions.BaseRules();
        var rules = CommonOptions.Rules();
        var input = CommonOptions.Input();
        input.Required = false; // without inputs, diff compares the texts and looks for witnesses
        var asOf = CommonOptions.AsOf("Judge every subject, and look for witnesses, as of this date (yyyy-MM-dd) only. Without it a subject is judged as of its own timestamp (or today, UTC), and witnesses are looked for on every date, today first.");
        var format = CommonOptions.Format(DiffFormats.All);
        var output = CommonOptions.Output();
        var failOnChange = new Option<bool>("--fail-on-change")
        {
            Description = "Exit 1 when anything differs: a clause added, removed or changed, or a subject's verdict.",
        };
        var examples = new Option<int>("--examples")
        {
            Description = "How many subjects to show for each group of changed verdicts.",
            HelpName = "N",
            DefaultValueFactory = _ => ReplayReport.DefaultExamples,
        };
        examples.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError("--examples: the number of examples must not be negative");
            }
        });

        var command = new Command("diff", "Show what a change to the rules changes: clauses added, removed and changed, a subject that shows each change, and the subjects whose verdict differs.")
        {
            @base, rules, input, asOf, format, output, failOnChange, examples,
        };
        command.SetAction(parsed => new DiffCommand(new CommandConsole("diff", stdin, stdout, stderr, environment, parsed), environment).Run(new DiffSettings
        {
            BasePaths = parsed.GetValue(@base)!,
            RulePaths = parsed.GetValue(rules)!,
            InputPaths = parsed.GetValue(input),
            AsOf = parsed.GetValue(asOf),
            Format = parsed.GetValue(format)!,
            OutputPath = parsed.GetValue(output),
            FailOnChange = parsed.GetValue(failOnChange),
            Examples = parsed.GetValue(examples),
        }));
        return command;
    }

    /// <summary>Runs the diff and returns the exit code: 0, or 1 with <c>--fail-on-change</c> when anything differs; 2 when
    /// a rule set does not load, an input cannot be read or the report cannot be written.</summary>
    public int Run(DiffSettings settings)
    {
        // Both sides load (and report their diagnostics) before either failure stops the run, so one run names every problem.
        var before = _console.LoadRules(settings.BasePaths, "the base rule set (--base)");
        var after = _console.LoadRules(settings.RulePaths, "the new rule set (--rules)");
        if (before?.RuleSet is not { } baseRules || after?.RuleSet is not { } newRules)
        {
            return CliApp.UsageError;
        }

        List<IEnumerable<SubjectBatch>>? inputs = null;
        if (settings.InputPaths is { Count: > 0 } paths)
        {
            inputs = _console.OpenBatches(new SubjectReader(newRules.Kinds), paths);
            if (inputs is null)
            {
                return CliApp.UsageError;
            }
        }

        var changes = RuleSetDiff.Compare(baseRules, newRules);
        var witnesses = RuleSetDiff.FindWitnesses(baseRules, newRules, changes,
            new AnalysisOptions { TimeProvider = _environment.TimeProvider }, settings.AsOf);
        var report = new DiffReport(changes, witnesses, null);
        var written = _console.TryWriteReport(settings.OutputPath, writer =>
        {
            if (inputs is not null)
            {
                var options = new EvaluationOptions { AsOf = settings.AsOf, TimeProvider = _environment.TimeProvider };
                report = report with
                {
                    Subjects = RuleSetDiff.Replay(baseRules, newRules, inputs.SelectMany(source => source), settings.Examples, options),
                };
            }

            DiffFormats.Write(settings.Format, report, writer, settings.OutputPath is null && _console.OutputColor);
        });
        if (!written)
        {
            return CliApp.UsageError;
        }

        return settings.FailOnChange && report.AnyChange ? CliApp.Failed : CliApp.Success;
    }
}

/// <summary>The parsed options of <c>diff</c>.</summary>
internal sealed record DiffSettings
{
    public required IReadOnlyList<string> BasePaths { get; init; }

    public required IReadOnlyList<string> RulePaths { get; init; }

    /// <summary>The inputs to replay; <see langword="null"/> or empty for none.</summary>
    public IReadOnlyList<string>? InputPaths { get; init; }

    public DateOnly? AsOf { get; init; }

    public string Format { get; init; } = DiffFormats.Text;

    public string? OutputPath { get; init; }

    public bool FailOnChange { get; init; }

    public int Examples { get; init; } = ReplayReport.DefaultExamples;
}

/// <summary>Everything <c>diff</c> reports: what the texts change, the witnesses, and the replay of the inputs.</summary>
/// <param name="Changes">The clauses and definitions added, removed and changed.</param>
/// <param name="Witnesses">A witness, or why there is none, for each changed or added clause.</param>
/// <param name="Subjects">The replay of the inputs; <see langword="null"/> without <c>--input</c>.</param>
internal sealed record DiffReport(RuleSetChanges Changes, IReadOnlyList<Witness> Witnesses, ReplayReport? Subjects)
{
    /// <summary>Whether anything differs: a clause or definition, or some subject's verdict.</summary>
    public bool AnyChange => !Changes.IsEmpty || Subjects is { Changed: > 0 };
}
