using System.CommandLine;
using Compliance.Rules;
using Compliance.Rules.Diagnostics;

namespace Compliance.Cli.Commands;

/// <summary>The <c>--rules</c> option and rule-set loading shared by the commands that read rules (<c>docs</c>, <c>export</c>):
/// every diagnostic goes to standard error as <c>path:line:col: severity CODE: message</c>.</summary>
internal static class RuleSetLoading
{
    public static Option<string[]> RulesOption() => new("--rules")
    {
        Description = "Rule files or directories (read recursively for *.yaml and *.yml).",
        HelpName = "PATH",
        Required = true,
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = true,
    };

    public static Option<string?> OutputOption() => new("--output")
    {
        Description = "Write to this file (replaced only when complete) instead of standard output.",
        HelpName = "FILE",
    };

    /// <summary>Loads the rules, printing every diagnostic; returns <see langword="null"/> (after saying so) when the set has errors.</summary>
    public static LoadResult? Load(IReadOnlyList<string> paths, TextWriter stderr, string command)
    {
        var result = new RuleSetLoader().LoadFiles(paths);
        foreach (var diagnostic in result.Diagnostics)
        {
            var severity = diagnostic.Severity == DiagnosticSeverity.Error ? "error" : "warning";
            stderr.WriteLine($"{diagnostic.File}:{diagnostic.Line}:{diagnostic.Column}: {severity} {diagnostic.Code}: {diagnostic.Message}");
            if (diagnostic.Hint is { } hint)
            {
                stderr.WriteLine($"  hint: {hint}");
            }
        }

        if (result.Succeeded)
        {
            return result;
        }

        var errors = result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        stderr.WriteLine($"compliance {command}: error: the rule set did not load: {errors} {(errors == 1 ? "error" : "errors")}");
        return null;
    }
}
