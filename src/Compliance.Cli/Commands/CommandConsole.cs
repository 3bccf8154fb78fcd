using System.CommandLine;
using Compliance.Cli.Output;
using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Rules.Diagnostics;
using Compliance.Rules.Subjects;

namespace Compliance.Cli.Commands;

/// <summary>A command's standard streams, and the steps several commands share: loading the rule set, opening the
/// inputs, writing a report to standard output or a file, and saying what went wrong.</summary>
/// <remarks>Standard error is reachable only as <see cref="SafeText"/>, and standard output only through
/// <see cref="TryWriteText"/> (as <see cref="SafeText"/>) or <see cref="TryWriteReport"/> (for the machine formats, which
/// escape their own syntax): no command can print a user's text raw.</remarks>
internal sealed class CommandConsole
{
    /// <summary>The name of the option that turns colour off, which the root command defines for every command.</summary>
    public const string NoColorOption = "--no-color";

    private readonly string _command;
    private readonly TextWriter _out;

    private readonly Func<string, OutputTarget>? _openFile;

    /// <param name="command">The command's name, for error lines.</param>
    /// <param name="stdin">Standard input.</param>
    /// <param name="stdout">Standard output.</param>
    /// <param name="stderr">Standard error.</param>
    /// <param name="environment">The terminals, colour setting and clock.</param>
    /// <param name="parsed">The parsed command line, for <c>--no-color</c>.</param>
    /// <param name="openFile">Opens an <c>--output</c> file; <see langword="null"/> for <see cref="OutputTarget.ToFile"/>
    /// (tests pass one whose disk fills).</param>
    public CommandConsole(string command, TextReader stdin, TextWriter stdout, TextWriter stderr, CliEnvironment environment, ParseResult? parsed,
        Func<string, OutputTarget>? openFile = null)
    {
        _command = command;
        _openFile = openFile;
        _out = stdout;
        In = stdin;
        Environment = environment;
        var color = !environment.NoColor && !(parsed?.GetValue<bool>(NoColorOption) ?? false);
        OutputColor = color && environment.OutputIsTerminal;
        Err = new SafeText(stderr, color && environment.ErrorIsTerminal);
    }

    public TextReader In { get; }

    /// <summary>Standard error, for diagnostics, errors and progress.</summary>
    public SafeText Err { get; }

    /// <summary>What the command runs in: its terminals and its clock.</summary>
    public CliEnvironment Environment { get; }

    /// <summary>Whether a text report on standard output is coloured: it is a terminal and colour is not turned off.</summary>
    public bool OutputColor { get; }

    /// <summary>Today (UTC) by the environment's clock.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Environment.TimeProvider.GetUtcNow().UtcDateTime);

    /// <summary>Writes <c>compliance COMMAND: error: MESSAGE</c> on standard error.</summary>
    public void Error(string message) => WriteError(Err, $"compliance {_command}", message);

    /// <summary>Writes <c>PREFIX: error: MESSAGE</c>, the one form of every error the command line prints.</summary>
    public static void WriteError(SafeText err, string prefix, string message) =>
        err.Write(prefix).Write(": ").Write(Tone.Failure, "error").Write(": ").Write(message).EndLine();

    /// <summary>Loads the rule set, printing every diagnostic on standard error.</summary>
    /// <param name="paths">The rules paths.</param>
    /// <param name="name">What to call the rule set when it does not load (<c>diff</c> names which of its two).</param>
    /// <param name="withoutTests">For the commands that judge with the rules and do not run the tests (<c>check</c>,
    /// <c>explain</c>, <c>docs</c>, <c>export</c>): errors in <c>tests</c> documents do not stop them; their diagnostics
    /// are printed, then one line saying the tests were not loaded.</param>
    /// <returns>The result when the rule set loaded; <see langword="null"/>, having said so, when it did not.</returns>
    public LoadResult? LoadRules(IReadOnlyList<string> paths, string name = "the rule set", bool withoutTests = false)
    {
        var result = new RuleSetLoader(new RuleSetLoaderOptions { TestErrorsStopLoad = !withoutTests }).LoadFiles(paths);
        var diagnostics = DiagnosticOrder.Sort(result.Diagnostics.Concat(result.TestDiagnostics));
        foreach (var diagnostic in diagnostics)
        {
            DiagnosticText.Write(Err, diagnostic);
        }

        if (!result.Succeeded)
        {
            Error($"{name} did not load: {DiagnosticText.Count(diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error), "error")}");
            return null;
        }

        if (!result.TestsLoaded)
        {
            // Only with `withoutTests`: otherwise an error in a tests document is an error of the load.
            var errors = result.TestDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            Err.Write($"compliance {_command}: ").Write(Tone.Attention, "warning").Write(": the tests were not loaded (")
                .Write(DiagnosticText.Count(errors.Length, "error")).Write(" in ");
            var files = errors.Select(d => d.File).Distinct().ToArray();
            for (var i = 0; i < files.Length; i++)
            {
                Err.Write(i == 0 ? "`" : ", `").Write(files[i]).Write('`');
            }

            Err.Write("); judging with the rules alone; `compliance test` reports the errors").EndLine();
        }

        return result;
    }

    /// <summary>Opens every input path (<c>-</c> for standard input); the subjects are read lazily.</summary>
    /// <returns>The inputs; <see langword="null"/>, having named each, when some path cannot be read.</returns>
    public List<IEnumerable<SubjectInput>>? OpenInputs(SubjectReader reader, IReadOnlyList<string> paths) =>
        Open(paths, path => path == "-" ? reader.ReadJsonLines(In, "-") : reader.ReadPath(path));

    /// <summary>Opens every input path as <see cref="OpenInputs"/> does, as batches whose JSON lines a parallel run parses.</summary>
    /// <returns>The inputs; <see langword="null"/>, having named each, when some path cannot be read.</returns>
    public List<IEnumerable<SubjectBatch>>? OpenBatches(SubjectReader reader, IReadOnlyList<string> paths) =>
        Open(paths, path => path == "-" ? reader.ReadBatches(In, "-") : reader.ReadBatches(path));

    private List<IEnumerable<T>>? Open<T>(IReadOnlyList<string> paths, Func<string, IEnumerable<T>> open)
    {
        var sources = new List<IEnumerable<T>>(paths.Count);
        var failed = false;
        foreach (var path in paths)
        {
            try
            {
                sources.Add(Guard(path, open(path)));
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

    /// <summary>Writes a report to standard output, or to <paramref name="outputPath"/> atomically.</summary>
    /// <returns>Whether the report was written; when not, the reason is on standard error and an earlier file is untouched.</returns>
    public bool TryWriteReport(string? outputPath, Action<TextWriter> write)
    {
        OutputTarget target;
        try
        {
            target = outputPath is null ? OutputTarget.ToWriter(_out) : _openFile?.Invoke(outputPath) ?? OutputTarget.ToFile(outputPath);
        }
        catch (OutputException exception)
        {
            Error(exception.Message);
            return false;
        }

        using (target)
        {
            try
            {
                write(target.Writer);
                target.Commit();
                return true;
            }
            catch (Exception exception) when (IsIOFailure(exception))
            {
                foreach (var message in IOFailureMessages(exception, outputPath))
                {
                    Error(message);
                }

                return false;
            }
            catch (OutputException exception)
            {
                Error(exception.Message);
                return false;
            }
        }
    }

    /// <summary>Writes a plain-text report to standard output (coloured on a terminal) or to <paramref name="outputPath"/>,
    /// through <see cref="SafeText"/>.</summary>
    /// <returns>Whether the report was written, as <see cref="TryWriteReport"/>.</returns>
    public bool TryWriteText(string? outputPath, Action<SafeText> write) =>
        TryWriteReport(outputPath, writer => write(new SafeText(writer, outputPath is null && OutputColor)));

    /// <summary>Names the input in any failure to read it (a broken pipe, a file that vanished), which would otherwise
    /// surface from deep inside the parallel evaluation as a bare system message.</summary>
    private static IEnumerable<T> Guard<T>(string path, IEnumerable<T> inputs)
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

    private static bool IsIOFailure(Exception exception) => exception switch
    {
        IOException or UnauthorizedAccessException or InputException => true,
        AggregateException aggregate => aggregate.Flatten().InnerExceptions.All(IsIOFailure),
        _ => false,
    };

    /// <summary>Says what failed: reading an input (already phrased by <see cref="Guard{T}"/>) or writing the report.</summary>
    private static IEnumerable<string> IOFailureMessages(Exception exception, string? outputPath)
    {
        var failures = exception is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [exception];
        return failures
            .Select(e => e is InputException
                ? e.Message
                : outputPath is null ? $"cannot write the report to standard output: {e.Message}" : $"cannot write output `{outputPath}`: {e.Message}")
            .Distinct();
    }
}

/// <summary>A failure to read an input, with the input named.</summary>
internal sealed class InputException(string message, Exception inner) : Exception(message, inner);
