using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Compliance.Cli.Output;
using Compliance.Rules.Testing;
using Compliance.Verdicts;

namespace Compliance.Cli.Commands;

/// <summary><c>compliance test</c>: runs every test of the <c>tests</c> documents, shows each failure, the clause
/// coverage, and ends with <c>N passed, N failed</c>.</summary>
/// <remarks>
/// <code>
/// FAIL  a call on AWS is compliant  (rules/tests/acme.tests.yaml:4)
///     outcome: expected compliant, got violation
///     acme/azure-only: expected satisfied, got violated
///     clauses applied, as of 2026-03-01:
///         violated   acme/azure-only: call to m1 runs on AWS
///
/// coverage: 2/3 clauses (66.6%)
/// no test exercises:
///     acme/oci-warning  (rules/acme.yaml:30)
///
/// 4 passed, 1 failed
/// </code>
/// </remarks>
internal sealed class TestCommand
{
    private static readonly int StatusWidth = new[] { ClauseStatus.Satisfied, ClauseStatus.Violated, ClauseStatus.Exempt, ClauseStatus.Waived, ClauseStatus.Error }
        .Max(s => VerdictNames.Name(s).Length);

    private readonly CommandConsole _console;
    private readonly CliEnvironment _environment;

    private TestCommand(CommandConsole console, CliEnvironment environment)
    {
        _console = console;
        _environment = environment;
    }

    /// <summary>Builds the <c>test</c> command, bound to the given standard streams.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr, CliEnvironment environment)
    {
        var rules = CommonOptions.Rules();
        var minCoverage = new Option<double>("--min-coverage")
        {
            Description = "Exit 1 when fewer than this percentage of clauses are exercised by some test.",
            HelpName = "PERCENT",
            DefaultValueFactory = _ => 0,
            CustomParser = ParsePercent,
        };

        var format = CommonOptions.Format(TestFormats.All);
        var output = CommonOptions.Output();
        var coverageOutput = new Option<string?>("--coverage-output")
        {
            Description = "Also write the clause coverage to this file as Cobertura XML: a line per clause, hit when a test exercises it.",
            HelpName = "FILE",
        };

        var command = new Command("test", "Run the tests documents of the rule set and report failures and clause coverage.")
        {
            rules, minCoverage, format, output, coverageOutput,
        };
        command.SetAction(parsed => new TestCommand(new CommandConsole("test", TextReader.Null, stdout, stderr, environment, parsed), environment).Run(new TestSettings
        {
            RulePaths = parsed.GetValue(rules)!,
            MinCoverage = parsed.GetValue(minCoverage),
            Format = parsed.GetValue(format)!,
            OutputPath = parsed.GetValue(output),
            CoverageOutputPath = parsed.GetValue(coverageOutput),
        }));
        return command;
    }

    /// <summary>Runs the tests and returns the exit code: 0 when all pass with enough coverage, 1 otherwise,
    /// 2 when the rule set does not load or a report cannot be written.</summary>
    public int Run(TestSettings settings)
    {
        if (_console.LoadRules(settings.RulePaths) is not { RuleSet: { } ruleSet } loaded)
        {
            return CliApp.UsageError;
        }

        var report = RuleTestRunner.Run(ruleSet, loaded.Tests);
        var paths = ReportPaths.Current();
        var written = settings.Format switch
        {
            TestFormats.Json => _console.TryWriteReport(settings.OutputPath, writer => TestFormats.WriteJson(report, ruleSet, settings.MinCoverage, paths, writer)),
            TestFormats.JUnit => _console.TryWriteReport(settings.OutputPath, writer => TestFormats.WriteJUnit(report, ruleSet, settings.MinCoverage, paths, writer)),
            _ => _console.TryWriteText(settings.OutputPath, output => WriteText(report, ruleSet, settings.MinCoverage, output)),
        };
        if (written && settings.CoverageOutputPath is { } coveragePath)
        {
            written = _console.TryWriteReport(coveragePath, writer => TestFormats.WriteCobertura(
                report, ruleSet, paths, Environment.CurrentDirectory, _environment.TimeProvider.GetUtcNow().ToUnixTimeSeconds(), writer));
        }

        if (!written)
        {
            return CliApp.UsageError;
        }

        return report.Failed == 0 && report.CoveragePercent >= settings.MinCoverage ? CliApp.Success : CliApp.Failed;
    }

    private static void WriteText(RuleTestReport report, RuleSet ruleSet, double minCoverage, SafeText output)
    {
        var covered = report.CoveragePercent >= minCoverage;
        foreach (var result in report.Results.Where(r => !r.Passed))
        {
            WriteFailure(result, output);
            output.BlankLine();
        }

        var total = report.Exercised.Count + report.Unexercised.Count;
        output.Line($"coverage: {report.Exercised.Count}/{total} clauses ({Percent(report.CoveragePercent)})");
        if (report.Unexercised.Count > 0)
        {
            output.Line("no test exercises:");
            foreach (var id in report.Unexercised)
            {
                output.Write("    ").Write(id).Write("  (").Write(ruleSet.FindClause(id)?.Location.FileAndLine).Write(')').EndLine();
            }
        }

        if (!covered)
        {
            output.Write(Tone.Failure, $"coverage {Percent(report.CoveragePercent)} is below --min-coverage {Percent(minCoverage)}").EndLine();
        }

        output.BlankLine();
        output.Write(report.Failed == 0 ? Tone.Success : Tone.Strong, $"{report.Passed} passed").Write(", ")
            .Write(report.Failed == 0 ? Tone.Strong : Tone.Failure, $"{report.Failed} failed").EndLine();
    }

    private static void WriteFailure(RuleTestResult result, SafeText output)
    {
        var test = result.Test;
        var verdict = result.Verdict;
        output.Write(Tone.Failure, "FAIL").Write("  ").Write(test.Name).Write("  (").Write(test.Location.FileAndLine).Write(')').EndLine();
        if (test.ExpectedOutcome is { } outcome)
        {
            output.Line(outcome == verdict.Outcome
                ? $"    outcome: {VerdictNames.Name(outcome)}, as expected"
                : $"    outcome: expected {VerdictNames.Name(outcome)}, got {VerdictNames.Name(verdict.Outcome)}");
        }

        foreach (var (id, expected) in test.ExpectedClauses)
        {
            var actual = verdict.Clauses.FirstOrDefault(c => c.Id == id)?.Status ?? ClauseStatus.NotApplicable;
            output.Write("    ").Write(id).Write(actual == expected
                ? $": {VerdictNames.Name(expected)}, as expected"
                : $": expected {VerdictNames.Name(expected)}, got {VerdictNames.Name(actual)}").EndLine();
        }

        foreach (var error in verdict.Errors)
        {
            output.Write("    subject error: ").Write(FailingClauses.Describe(error)).EndLine();
        }

        var applied = verdict.Clauses.Where(c => c.Status is not (ClauseStatus.NotApplicable or ClauseStatus.Superseded)).ToArray();
        var asOf = verdict.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (applied.Length == 0)
        {
            output.Line($"    no clause applied, as of {asOf}");
            return;
        }

        output.Line($"    clauses applied, as of {asOf}:");
        foreach (var clause in applied)
        {
            var detail = clause.Status switch
            {
                ClauseStatus.Exempt => $"  (exception {clause.Exception})",
                ClauseStatus.Waived => $"  (waiver {clause.Waiver})",
                ClauseStatus.Violated or ClauseStatus.Error when clause.Message is { } message => $": {FailingClauses.OneLine(message)}",
                _ => string.Empty,
            };
            output.Write("        ").Write(VerdictNames.Name(clause.Status).PadRight(StatusWidth)).Write("  ").Write(clause.Id).Write(detail).EndLine();
        }
    }

    /// <summary>A percentage with at most one decimal, rounded down so that a coverage below a bar never prints as the bar.</summary>
    internal static string Percent(double value) =>
        (Math.Floor(value * 10) / 10).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static double ParsePercent(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        var number = text.EndsWith('%') ? text[..^1] : text;
        if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) && percent is >= 0 and <= 100)
        {
            return percent;
        }

        result.AddError($"--min-coverage: `{text}` is not a percentage from 0 to 100");
        return 0;
    }
}

/// <summary>The parsed options of <c>test</c>.</summary>
internal sealed record TestSettings
{
    public required IReadOnlyList<string> RulePaths { get; init; }

    public double MinCoverage { get; init; }

    public string Format { get; init; } = TestFormats.Text;

    public string? OutputPath { get; init; }

    public string? CoverageOutputPath { get; init; }
}
