using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Compliance.Cli.Commands;

/// <summary>The options several commands share, made in one place so that their names, help and parsing agree.</summary>
/// <remarks>Each call makes a new option: System.CommandLine options belong to one command.</remarks>
internal static class CommonOptions
{
    /// <summary><c>--rules PATH...</c>: required, repeatable, several paths per use.</summary>
    public static Option<string[]> Rules() => Paths(new Option<string[]>("--rules")
    {
        Description = "Rule files or directories (read recursively for *.yaml and *.yml).",
        HelpName = "PATH",
    });

    /// <summary><c>--base PATH...</c>: the rule set <c>diff</c> compares against; required, repeatable, several paths per use.</summary>
    public static Option<string[]> BaseRules() => Paths(new Option<string[]>("--base")
    {
        Description = "The rule set to compare against (files or directories, as --rules): the rules before the change.",
        HelpName = "PATH",
    });

    /// <summary><c>--input PATH...|-</c>: required, repeatable, several paths per use; <c>-</c> is standard input.</summary>
    public static Option<string[]> Input() => Paths(new Option<string[]>("--input")
    {
        Description = "Subject files or directories (.yaml, .yml, .json, .jsonl); `-` reads JSON lines from standard input.",
        HelpName = "PATH|-",
    });

    /// <summary>What <c>--as-of</c> means to <c>check</c> and <c>explain</c>.</summary>
    public const string JudgeAsOf = "Judge every subject as of this date (yyyy-MM-dd) instead of its own timestamp (a subject without one is judged as of today, UTC).";

    /// <summary>What <c>--as-of</c> means to <c>lint</c> and <c>docs</c>.</summary>
    public const string AnalyseAsOf = "The date of the analysis (yyyy-MM-dd): which clauses and waivers are in effect, which waivers have expired or expire soon, and the date a contradiction's counterexample prefers. The default is today (UTC).";

    /// <summary><c>--as-of DATE</c>, as <c>yyyy-MM-dd</c>, with what the date does for the command that has it.</summary>
    public static Option<DateOnly?> AsOf(string description) => new("--as-of")
    {
        Description = description,
        HelpName = "DATE",
        CustomParser = ParseDate,
    };

    /// <summary><c>--format NAME</c>, one of <paramref name="formats"/>; the first is the default.</summary>
    public static Option<string> Format(params string[] formats)
    {
        var option = new Option<string>("--format")
        {
            Description = "Report format.",
            DefaultValueFactory = _ => formats[0],
        };
        option.AcceptOnlyFromAmong(formats);
        return option;
    }

    /// <summary><c>--output FILE</c>: write the report to a file, replaced only when the report is complete.</summary>
    public static Option<string?> Output() => new("--output")
    {
        Description = "Write the report to this file (replaced only when the report is complete) instead of standard output.",
        HelpName = "FILE",
    };

    /// <summary>Makes a path option required, repeatable and multi-valued. Because it takes every following token up to
    /// the next known option, a misspelt option (<c>--stirct</c>) would be read as a path: such a value is refused as an
    /// unknown option instead (a file whose name starts with <c>-</c> can be named as <c>./-name</c>).</summary>
    private static Option<string[]> Paths(Option<string[]> option)
    {
        option.Required = true;
        option.Arity = ArgumentArity.OneOrMore;
        option.AllowMultipleArgumentsPerToken = true;
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.Length > 1 && token.Value[0] == '-')
                {
                    result.AddError($"unknown option `{token.Value}`");
                }
            }
        });
        return option;
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
}
