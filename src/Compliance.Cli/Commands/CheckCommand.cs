using System.CommandLine;
using Compliance.Cli.Output;
using Compliance.Evaluation;
using Compliance.Rules.Subjects;
using Compliance.Verdicts;

namespace Compliance.Cli.Commands;

/// <summary><c>compliance check</c>: judges subjects against a rule set and reports a verdict for each, streaming.</summary>
internal sealed class CheckCommand
{
    private readonly CommandConsole _console;
    private readonly CliEnvironment _environment;

    private CheckCommand(CommandConsole console, CliEnvironment environment)
    {
        _console = console;
        _environment = environment;
    }

    /// <summary>The value of <c>--fail-on</c> that never fails.</summary>
    internal const string FailOnNone = "none";

    /// <summary>Builds the <c>check</c> command, bound to the given standard streams.</summary>
    public static Command Create(TextReader stdin, TextWriter stdout, TextWriter stderr, CliEnvironment environment)
    {
        var rules = CommonOptions.Rules();
        var input = CommonOptions.Input();
        var asOf = CommonOptions.AsOf(CommonOptions.JudgeAsOf);
        var format = CommonOptions.Format(OutputFormats.All);
        var output = CommonOptions.Output();
        var failOn = new Option<string>("--fail-on")
        {
            Description = "Exit 1 when some verdict is at or above this outcome. From the most severe: violation, indeterminate, review, warning; `none` never fails.",
            HelpName = "violation|indeterminate|review|warning|none",
            DefaultValueFactory = _ => VerdictNames.Name(Outcome.Indeterminate),
        };
        failOn.AcceptOnlyFromAmong(
            VerdictNames.Name(Outcome.Violation),
            VerdictNames.Name(Outcome.Indeterminate),
            VerdictNames.Name(Outcome.Review),
            VerdictNames.Name(Outcome.Warning),
            FailOnNone);
        var trace = new Option<bool>("--trace")
        {
            Description = "Also list the clauses that did not apply or were superseded, with the reason.",
        };
        var detail = new Option<string>("--detail")
        {
            Description = "`failing` keeps only violated and error clauses in each verdict; outcomes and summary are unchanged.",
            DefaultValueFactory = _ => "full",
        };
        detail.AcceptOnlyFromAmong("full", "failing");
        var stepSummary = new Option<bool>("--step-summary")
        {
            Description = "In GitHub Actions, also append the Markdown summary to the job summary (the file GITHUB_STEP_SUMMARY names).",
        };

        var command = new Command("check", "Judge subjects against the rule set and report a verdict for each.")
        {
            rules, input, asOf, format, output, failOn, trace, detail, stepSummary,
        };
        command.SetAction(parsed => new CheckCommand(new CommandConsole("check", stdin, stdout, stderr, environment, parsed), environment).Run(new CheckSettings
        {
            RulePaths = parsed.GetValue(rules)!,
            InputPaths = parsed.GetValue(input)!,
            AsOf = parsed.GetValue(asOf),
            Format = parsed.GetValue(format)!,
            OutputPath = parsed.GetValue(output),
            FailOn = parsed.GetValue(failOn) is { } threshold && VerdictNames.TryParseOutcome(threshold, out var outcome) ? outcome : null,
            Trace = parsed.GetValue(trace),
            Detail = parsed.GetValue(detail) == "failing" ? VerdictDetail.Failing : VerdictDetail.Full,
            StepSummary = parsed.GetValue(stepSummary),
        }));
        return command;
    }

    /// <summary>Runs the check and returns the exit code.</summary>
    public int Run(CheckSettings settings)
    {
        if (_console.LoadRules(settings.RulePaths, withoutTests: true)?.RuleSet is not { } ruleSet)
        {
            return CliApp.UsageError;
        }

        var inputs = _console.OpenBatches(new SubjectReader(ruleSet.Kinds), settings.InputPaths);
        if (inputs is null)
        {
            return CliApp.UsageError;
        }

        var formatOptions = new FormatOptions
        {
            RuleSet = ruleSet,
            Detail = settings.Detail,
            Trace = settings.Trace,
            FailOn = settings.FailOn,
            AsOf = settings.AsOf,
            Today = _console.Today,
            Color = settings.OutputPath is null && _console.OutputColor,
            TimeProvider = _environment.TimeProvider,
        };
        var format = OutputFormats.Create(settings.Format, formatOptions);
        var stepSummary = StepSummary(settings, formatOptions);

        // Judged at the detail the reports read: when neither shows a clause that did not fail, the evaluator builds none.
        var detail = format.Reads == VerdictDetail.Failing && (stepSummary?.Reads ?? VerdictDetail.Failing) == VerdictDetail.Failing
            ? VerdictDetail.Failing
            : VerdictDetail.Full;
        var options = new EvaluationOptions
        {
            AsOf = settings.AsOf,
            Trace = settings.Trace,
            Detail = detail,
            TimeProvider = _environment.TimeProvider,
        };
        var summary = VerdictSummary.Empty;
        var written = _console.TryWriteReport(settings.OutputPath, writer =>
        {
            // The library's batch pipeline: workers take batches of the inputs, parse, judge and (for `jsonl`) encode
            // them; the report is written in input order.
            var run = new CheckRun(ruleSet, inputs.SelectMany(source => source), options)
            {
                Progress = ShowsProgress(settings) ? new ProgressLine(_console.Err, _environment.TimeProvider) : null,
                StepSummary = stepSummary,
            };
            summary = format.Write(run, writer);
        });
        if (!written || (stepSummary is not null && !AppendStepSummary(stepSummary)))
        {
            return CliApp.UsageError;
        }

        return settings.FailOn is { } threshold && summary.AnyAtOrAbove(threshold) ? CliApp.Failed : CliApp.Success;
    }

    /// <summary>The Markdown summary that <c>--step-summary</c> appends, when asked and in GitHub Actions; outside it,
    /// says on standard error that there is no job summary to append to.</summary>
    private MarkdownFormat? StepSummary(CheckSettings settings, FormatOptions options)
    {
        if (!settings.StepSummary)
        {
            return null;
        }

        if (_environment.StepSummaryPath is null)
        {
            _console.Err.Line("compliance check: warning: --step-summary: `GITHUB_STEP_SUMMARY` is not set (not in GitHub Actions), so no job summary is written");
            return null;
        }

        return new MarkdownFormat(options);
    }

    /// <summary>Appends the summary to the job summary file, after the report: the runner reads the file when the step ends.</summary>
    private bool AppendStepSummary(MarkdownFormat summary)
    {
        var path = _environment.StepSummaryPath!;
        try
        {
            using var writer = new StreamWriter(path, append: true, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            summary.WriteReport(writer);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            _console.Error($"cannot append the job summary to `{path}` (GITHUB_STEP_SUMMARY): {exception.Message}");
            return false;
        }
    }

    /// <summary>A progress line goes to standard error only when it is a terminal, and the report does not go to
    /// the same screen (the two would overwrite each other): the report goes to a file or a redirected stdout.</summary>
    private bool ShowsProgress(CheckSettings settings) =>
        _environment.ErrorIsTerminal && (settings.OutputPath is not null || !_environment.OutputIsTerminal);
}

/// <summary>The parsed options of <c>check</c>.</summary>
internal sealed record CheckSettings
{
    public required IReadOnlyList<string> RulePaths { get; init; }

    public required IReadOnlyList<string> InputPaths { get; init; }

    public DateOnly? AsOf { get; init; }

    public string Format { get; init; } = OutputFormats.Text;

    public string? OutputPath { get; init; }

    /// <summary>The least severe outcome that fails the run; <see langword="null"/> for <c>none</c>.</summary>
    public Outcome? FailOn { get; init; }

    public bool Trace { get; init; }

    public VerdictDetail Detail { get; init; }

    /// <summary>Whether to append the Markdown summary to the GitHub Actions job summary.</summary>
    public bool StepSummary { get; init; }
}
