using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Text.RegularExpressions;
using Compliance.Cli.Commands;
using Compliance.Cli.Output;

namespace Compliance.Cli;

/// <summary>The <c>compliance</c> command line: parses the arguments and hands each command to its class.</summary>
/// <remarks>Takes its standard streams as arguments, so that tests run it in process.</remarks>
public static partial class CliApp
{
    /// <summary>Exit code: nothing at or above the failure threshold.</summary>
    public const int Success = 0;

    /// <summary>Exit code: some verdict at or above the failure threshold.</summary>
    public const int Failed = 1;

    /// <summary>Exit code: a usage error, an unreadable input or rules path, an unwritable output, or an invalid rule set.</summary>
    public const int UsageError = 2;

    /// <summary>Builds the root command and every subcommand, bound to the given standard streams and environment.</summary>
    internal static RootCommand CreateRoot(TextReader stdin, TextWriter stdout, TextWriter stderr, CliEnvironment environment)
    {
        var root = new RootCommand("Checks model API calls and deployments against contract clauses written as YAML rule files.")
        {
            CheckCommand.Create(stdin, stdout, stderr, environment),
            LintCommand.Create(stdout, stderr, environment),
            TestCommand.Create(stdout, stderr, environment),
            DiffCommand.Create(stdin, stdout, stderr, environment),
            ExplainCommand.Create(stdin, stdout, stderr, environment),
            DocsCommand.Create(stdin, stdout, stderr, environment),
            ExportCommand.Create(stdin, stdout, stderr, environment),
            SchemaCommand.Create(stdin, stdout, stderr, environment),
        };
        root.Options.Add(new Option<bool>(CommandConsole.NoColorOption)
        {
            Description = "Do not colour the text output (as the NO_COLOR environment variable does). Colour is used only on a terminal.",
            Recursive = true,
        });

        // `compliance` alone shows what to type; it is still not a run, so it exits as a usage error does.
        root.SetAction(parsed =>
        {
            if (root.Options.OfType<HelpOption>().FirstOrDefault()?.Action is SynchronousCommandLineAction help)
            {
                help.Invoke(parsed);
            }

            return UsageError;
        });

        // The default prints the entry assembly's version, which is the host's when the tool runs in process.
        foreach (var version in root.Options.OfType<VersionOption>())
        {
            version.Action = new PrintVersion(stdout);
        }

        return root;
    }

    /// <summary>The failure to write standard output that <paramref name="exception"/> is, or wraps (a parallel run
    /// throws an <see cref="AggregateException"/>); <see langword="null"/> for any other exception.</summary>
    private static StandardOutputException? StandardOutputFailure(Exception exception) => exception switch
    {
        StandardOutputException failure => failure,
        AggregateException aggregate => aggregate.Flatten().InnerExceptions.Select(StandardOutputFailure).FirstOrDefault(f => f is not null),
        _ => exception.InnerException is { } inner ? StandardOutputFailure(inner) : null,
    };

    private sealed class PrintVersion(TextWriter stdout) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            stdout.Write(ToolInfo.Version + "\n");
            return Success;
        }
    }

    /// <summary>Runs the command line as if no standard stream were a terminal, and returns the process exit code.</summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr) =>
        Run(args, stdin, stdout, stderr, CliEnvironment.Default);

    /// <summary>Runs the command line and returns the process exit code.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="stdin">Standard input.</param>
    /// <param name="stdout">Standard output: the report.</param>
    /// <param name="stderr">Standard error: diagnostics, and the progress line when it is a terminal.</param>
    /// <param name="environment">Which streams are terminals, and the clock for progress.</param>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(environment);

        // Every command writes through this one guard, so that a failure to write standard output is exit 2 whichever
        // command was writing (and whether it wrote through a report or line by line).
        var output = new StandardOutput(stdout);
        var root = CreateRoot(stdin, output, stderr, environment);
        var parsed = root.Parse(args);
        var err = new SafeText(stderr, environment.ErrorIsTerminal && !environment.NoColor && !args.Contains(CommandConsole.NoColorOption));
        if (parsed.Errors.Count > 0)
        {
            var command = parsed.CommandResult.Command;
            var prefix = command == root ? ToolInfo.Name : $"{ToolInfo.Name} {command.Name}";
            foreach (var error in parsed.Errors)
            {
                CommandConsole.WriteError(err, prefix, ErrorMessage(error.Message));
            }

            var usage = command == root ? "compliance --help" : $"compliance {command.Name} --help";
            err.Line($"run `{usage}` for usage");
            return UsageError;
        }

        var name = parsed.CommandResult.Command == root ? "compliance" : $"compliance {parsed.CommandResult.Command.Name}";
        try
        {
            var exitCode = parsed.Invoke(new InvocationConfiguration
            {
                Output = output,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
            });
            output.Flush();
            if (output.Failure is { } unreported && exitCode != UsageError)
            {
                // A command that went on after the failure: the report is lost all the same.
                throw unreported;
            }

            return exitCode;
        }
        catch (Exception exception) when (StandardOutputFailure(exception) is { } failure)
        {
            stderr.WriteLine($"{name}: error: cannot write the report to standard output: {failure.Message}");
            return UsageError;
        }
#pragma warning disable CA1031 // The last line of defence: a crash must not read as "no violations" (0) or "violations" (1).
        catch (Exception exception)
#pragma warning restore CA1031
        {
            var command = parsed.CommandResult.Command;
            var prefix = command == root ? ToolInfo.Name : $"{ToolInfo.Name} {command.Name}";
            CommandConsole.WriteError(err, prefix, $"internal error: {exception.GetType().FullName}: {exception.Message}");
            for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
            {
                err.Line($" ---> {inner.GetType().FullName}: {inner.Message}");
            }

            foreach (var frame in (exception.StackTrace ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                err.Line(frame.TrimEnd('\r'));
            }

            return UsageError;
        }
    }

    /// <summary>A parse error in the command line's own style: lowercase, one line, no final period, what the user typed
    /// in backticks. System.CommandLine's messages (<c>Option '--format' is required.</c>) are reworded to match
    /// (<c>option `--format` is required</c>); this tool's own are already in that style.</summary>
    internal static string ErrorMessage(string message)
    {
        // A list of allowed values comes one a line, each after a tab; any other line break is the user's, and is escaped.
        var text = message.Trim().Replace(":\n\t", ": ", StringComparison.Ordinal).Replace("\n\t", ", ", StringComparison.Ordinal);
        if (!text.Contains('`', StringComparison.Ordinal))
        {
            text = QuotedToken().Replace(text, "`$1`");
        }

        text = SentenceBreak().Replace(text.TrimEnd('.'), m => "; " + m.Groups[1].Value.ToLowerInvariant());
        return text.Length > 1 && char.IsUpper(text[0]) && char.IsLower(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;
    }

    [GeneratedRegex(@"\. ([A-Z])(?=[a-z])", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceBreak();

    [GeneratedRegex("'([^']*)'", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedToken();
}
