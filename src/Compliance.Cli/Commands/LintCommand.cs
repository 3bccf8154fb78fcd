using System.CommandLine;
using Compliance.Cli.Output;
using Compliance.Rules;
using Compliance.Rules.Analysis;
using Compliance.Rules.Diagnostics;

namespace Compliance.Cli.Commands;

/// <summary><c>compliance lint</c>: loads the rule set and reports every diagnostic, compiler style, as JSON or as SARIF.</summary>
/// <remarks>The diagnostics are the loader's and, when the rule set loads, those of <see cref="RuleSetAnalyzer"/>
/// (contradictions, dead clauses, waiver hygiene), sorted by location together.</remarks>
internal sealed class LintCommand
{
    private readonly CommandConsole _console;

    internal LintCommand(CommandConsole console) => _console = console;

    /// <summary>Builds the <c>lint</c> command, bound to the given standard streams.</summary>
    /// <param name="stdout">Where the report goes.</param>
    /// <param name="stderr">Where problems with the command itself go.</param>
    /// <param name="environment">Which streams are terminals.</param>
    public static Command Create(TextWriter stdout, TextWriter stderr, CliEnvironment environment)
    {
        var rules = CommonOptions.Rules();
        var format = CommonOptions.Format(LintFormats.All);
        var output = CommonOptions.Output();
        var strict = new Option<bool>("--strict")
        {
            Description = "Exit 1 on warnings too (except CMP0101 and CMP0103: what the analysis cannot reason about, such as an `expression`, or did not reach within its budget).",
        };
        var asOf = CommonOptions.AsOf(CommonOptions.AnalyseAsOf);
        var expiringWithin = new Option<int>("--expiring-within")
        {
            Description = "Warn about waivers that expire within this many days.",
            HelpName = "DAYS",
            DefaultValueFactory = _ => AnalysisOptions.Default.ExpiringWithinDays,
        };
        expiringWithin.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError("--expiring-within: the number of days must not be negative");
            }
        });

        var command = new Command("lint", "Check rule, waiver and tests files and report every problem with its file, line and column.")
        {
            rules, format, output, strict, asOf, expiringWithin,
        };
        command.SetAction(parsed => new LintCommand(new CommandConsole("lint", TextReader.Null, stdout, stderr, environment, parsed)).Run(new LintSettings
        {
            RulePaths = parsed.GetValue(rules)!,
            Format = parsed.GetValue(format)!,
            OutputPath = parsed.GetValue(output),
            Strict = parsed.GetValue(strict),
            ExpiringWithinDays = parsed.GetValue(expiringWithin),
            AsOf = parsed.GetValue(asOf),
        }));
        return command;
    }

    /// <summary>Lints and returns the exit code: 0 clean, 1 on errors (or warnings with <c>--strict</c>),
    /// 2 when a rules path cannot be read or holds no rule files, or the report cannot be written.</summary>
    public int Run(LintSettings settings)
    {
        var result = new RuleSetLoader().LoadFiles(settings.RulePaths);
        var report = LintReport.Create(RuleSetAnalyzer.Analyze(result, new AnalysisOptions { ExpiringWithinDays = settings.ExpiringWithinDays, Today = settings.AsOf }));
        var written = settings.Format == LintFormats.Text
            ? _console.TryWriteText(settings.OutputPath, text => LintFormats.WriteText(report, text))
            : _console.TryWriteReport(settings.OutputPath, writer => LintFormats.Write(settings.Format, report, writer));
        if (!written)
        {
            return CliApp.UsageError;
        }

        if (report.Diagnostics.Any(d => d.Code is DiagnosticCodes.UnreadablePath or DiagnosticCodes.NoRuleFiles))
        {
            return CliApp.UsageError;
        }

        // "Not analysed" says what the analysis could not reason about; it is not a problem in the rules, so a rule set
        // that uses `expression:` can still be linted with --strict.
        var failingWarnings = report.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning && d.Code is not (DiagnosticCodes.NotAnalysed or DiagnosticCodes.AnalysisBudgetSpent));
        return report.Errors > 0 || (settings.Strict && failingWarnings > 0) ? CliApp.Failed : CliApp.Success;
    }
}

/// <summary>The parsed options of <c>lint</c>.</summary>
internal sealed record LintSettings
{
    public required IReadOnlyList<string> RulePaths { get; init; }

    public string Format { get; init; } = LintFormats.Text;

    public string? OutputPath { get; init; }

    public bool Strict { get; init; }

    public int ExpiringWithinDays { get; init; } = AnalysisOptions.Default.ExpiringWithinDays;

    public DateOnly? AsOf { get; init; }
}

/// <summary>What lint found: every diagnostic, once, sorted by file, line, column and code, and the counts.</summary>
internal sealed record LintReport(IReadOnlyList<Diagnostic> Diagnostics, int Errors, int Warnings)
{
    public static LintReport Create(IEnumerable<Diagnostic> diagnostics)
    {
        var sorted = DiagnosticOrder.Sort(diagnostics);
        return new LintReport(sorted, sorted.Count(d => d.Severity == DiagnosticSeverity.Error), sorted.Count(d => d.Severity == DiagnosticSeverity.Warning));
    }
}
