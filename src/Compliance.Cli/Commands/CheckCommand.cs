using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Compliance.Cli.Output;
using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Rules.Diagnostics;
using Compliance.Rules.Subjects;
using Compliance.Verdicts;

namespace Compliance.Cli.Commands;

/// <summary><c>compliance check</c>: judges subjects against a rule set and reports a verdict for each, streaming.</summary>
internal sealed class CheckCommand
{
    private readonly TextReader _stdin;
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;

    private CheckCommand(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        _stdin = stdin;
        _stdout = stdout;
        _stderr = stderr;
    }

    /// <summary>The value of <c>--fail-on</c> that never fails.</summary>
    internal const string FailOnNone = "none";

    /// <summary>Builds the <c>check</c> command, bound to the given standard streams.</summary>
    public static Command Create(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var rules = new Option<string[]>("--rules")
        {
            Description = "Rule files or directories (read recursively for *.yaml and *.yml).",
            HelpName = "PATH",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = true,
        };
        var input = new Option<string[]>("--input")
        {
            Description = "Subject files or directories (.yaml, .yml, .json, .jsonl); `-` reads JSON lines from standard input.",
            HelpName = "PATH|-",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = true,
        };
        var asOf = new Option<DateOnly?>("--as-of")
        {
            Description = "Judge every subject as of this date (yyyy-MM-dd) instead of its own timestamp.",
            HelpName = "DATE",
            CustomParser = ParseDate,
        };
        var format = new Option<string>("--format")
        {
            Description = "Report format.",
            DefaultValueFactory = _ => OutputFormats.Text,
        };
        format.AcceptOnlyFromAmong(OutputFormats.All);
        var output = new Option<string?>("--output")
        {
            Description = "Write the report to this file (replaced only when the report is complete) instead of standard output.",
            HelpName = "FILE",
        };
        var failOn = new Option<string>("--fail-on")
        {
            Description = "Exit 1 when some verdict is at or above this outcome.",
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

        var command = new Command("check", "Judge subjects against the rule set and report a verdict for each.")
        {
            rules, input, asOf, format, output, failOn, trace, detail,
        };
        command.SetAction(parsed => new CheckCommand(stdin, stdout, stderr).Run(new CheckSettings
        {
            RulePaths = parsed.GetValue(rules)!,
            InputPaths = parsed.GetValue(input)!,
            AsOf = parsed.GetValue(asOf),
            Format = parsed.GetValue(format)!,
            OutputPath = parsed.GetValue(output),
            FailOn = parsed.GetValue(failOn) is { } threshold && VerdictNames.TryParseOutcome(threshold, out var outcome) ? outcome : null,
            Trace = parsed.GetValue(trace),
            Detail = parsed.GetValue(detail) == "failing" ? VerdictDetail.Failing : VerdictDetail.Full,
        }));
        return command;
    }

    /// <summary>Runs the check and returns the exit code.</summary>
    public int Run(CheckSettings settings)
    {
        var ruleSet = LoadRules(settings.RulePaths);
        if (ruleSet is null)
        {
            return CliApp.UsageError;
        }

        var inputs = OpenInputs(new SubjectReader(ruleSet.Kinds), settings.InputPaths);
        if (inputs is null)
        {
            return CliApp.UsageError;
        }

        OutputTarget target;
        try
        {
            target = settings.OutputPath is null ? OutputTarget.ToWriter(_stdout) : OutputTarget.ToFile(settings.OutputPath);
        }
        catch (OutputException exception)
        {
            Error(exception.Message);
            return CliApp.UsageError;
        }

        using (target)
        {
            var options = new EvaluationOptions { AsOf = settings.AsOf, Trace = settings.Trace };
            var verdicts = ruleSet.EvaluateMany(inputs.SelectMany(source => source), options);
            VerdictSummary summary;
            try
            {
                summary = OutputFormats.Create(settings.Format, settings.Detail, settings.Trace).Write(verdicts, target.Writer);
                target.Commit();
            }
            catch (Exception exception) when (IsIOFailure(exception))
            {
                foreach (var message in IOFailureMessages(exception, settings.OutputPath))
                {
                    Error(message);
                }

                return CliApp.UsageError;
            }
            catch (OutputException exception)
            {
                Error(exception.Message);
                return CliApp.UsageError;
            }

            return settings.FailOn is { } threshold && summary.AnyAtOrAbove(threshold) ? CliApp.Failed : CliApp.Success;
        }
    }

    private static DateOnly? ParseDate(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        result.AddError($"--as-of: `{text}` is not a date as yyyy-MM-dd");
        return null;
    }

    private static bool IsIOFailure(Exception exception) => exception switch
    {
        IOException or UnauthorizedAccessException or InputException => true,
        AggregateException aggregate => aggregate.Flatten().InnerExceptions.All(IsIOFailure),
        _ => false,
    };

    /// <summary>Says what failed: reading an input (already phrased by <see cref="Guard"/>) or writing the report.</summary>
    private static IEnumerable<string> IOFailureMessages(Exception exception, string? outputPath)
    {
        var failures = exception is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [exception];
        return failures
            .Select(e => e is InputException
                ? e.Message
                : outputPath is null ? $"cannot write the report to standard output: {e.Message}" : $"cannot write output `{outputPath}`: {e.Message}")
            .Distinct();
    }

    /// <summary>Names the input in any failure to read it (a broken pipe, a file that vanished), which would otherwise
    /// surface from deep inside the parallel evaluation as a bare system message.</summary>
    private static IEnumerable<SubjectInput> Guard(string path, IEnumerable<SubjectInput> inputs)
    {
        using var enumerator = inputs.GetEnumerator();
        while (true)
        {
            bool more;
            try
            {
                more = enumerator.MoveNext();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new InputException($"cannot read input `{path}`: {exception.Message}", exception);
            }

            if (!more)
            {
                yield break;
            }

            yield return enumerator.Current;
        }
    }

    private RuleSet? LoadRules(IReadOnlyList<string> paths)
    {
        var result = new RuleSetLoader().LoadFiles(paths);
        foreach (var diagnostic in result.Diagnostics)
        {
            var severity = diagnostic.Severity == DiagnosticSeverity.Error ? "error" : "warning";
            _stderr.WriteLine($"{diagnostic.File}:{diagnostic.Line}:{diagnostic.Column}: {severity} {diagnostic.Code}: {diagnostic.Message}");
            if (diagnostic.Hint is { } hint)
            {
                _stderr.WriteLine($"  hint: {hint}");
            }
        }

        if (result.Succeeded && result.RuleSet is { } ruleSet)
        {
            return ruleSet;
        }

        var errors = result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        Error($"the rule set did not load: {errors} {(errors == 1 ? "error" : "errors")}");
        return null;
    }

    private List<IEnumerable<SubjectInput>>? OpenInputs(SubjectReader reader, IReadOnlyList<string> paths)
    {
        var sources = new List<IEnumerable<SubjectInput>>(paths.Count);
        var failed = false;
        foreach (var path in paths)
        {
            try
            {
                sources.Add(Guard(path, path == "-" ? reader.ReadJsonLines(_stdin, "-") : reader.ReadPath(path)));
            }
            catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
            {
                Error($"cannot read input `{path}`: no such file or directory");
                failed = true;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                Error($"cannot read input `{path}`: {exception.Message}");
                failed = true;
            }
        }

        return failed ? null : sources;
    }

    private void Error(string message) => _stderr.WriteLine($"compliance check: error: {message}");
}

/// <summary>An input failed while it was being read, phrased for the user.</summary>
internal sealed class InputException(string message, Exception inner) : Exception(message, inner);

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
}
