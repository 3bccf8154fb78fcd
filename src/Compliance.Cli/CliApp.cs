using System.CommandLine;
using System.CommandLine.Invocation;
using Compliance.Cli.Commands;
using Compliance.Cli.Output;

namespace Compliance.Cli;

/// <summary>The <c>compliance</c> command line: parses the arguments and hands each command to its class.</summary>
/// <remarks>Takes its standard streams as arguments, so that tests run it in process.</remarks>
public static class CliApp
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
            LintCommand.Create(stdout, stderr),
            TestCommand.Create(stdout, stderr),
            ExplainCommand.Create(stdin, stdout, stderr),
            DocsCommand.Create(stdin, stdout, stderr),
            ExportCommand.Create(stdin, stdout, stderr),
            SchemaCommand.Create(stdin, stdout, stderr),
        };

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
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                stderr.WriteLine($"compliance: error: {error.Message}");
            }

            var command = parsed.CommandResult.Command;
            var usage = command == root ? "compliance --help" : $"compliance {command.Name} --help";
            stderr.WriteLine($"run `{usage}` for usage");
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
            stderr.WriteLine($"compliance: internal error: {exception}");
            return UsageError;
        }
    }
}
