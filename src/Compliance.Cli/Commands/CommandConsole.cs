using Compliance.Cli.Output;
using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Rules.Diagnostics;
using Compliance.Rules.Subjects;

namespace Compliance.Cli.Commands;

/// <summary>A command's standard streams, and the steps several commands share: loading the rule set, opening the
/// inputs, writing a report to standard output or a file, and saying what went wrong.</summary>
/// <param name="openFile">Opens an <c>--output</c> file; <see langword="null"/> for <see cref="OutputTarget.ToFile"/>
/// (tests pass one whose disk fills).</param>
internal sealed class CommandConsole(string command, TextReader stdin, TextWriter stdout, TextWriter stderr,
    Func<string, OutputTarget>? openFile = null)
{
    public TextReader In { get; } = stdin;

    public TextWriter Out { get; } = stdout;

    public TextWriter Err { get; } = stderr;

    /// <summary>Writes <c>compliance COMMAND: error: MESSAGE</c> on standard error.</summary>
    public void Error(string message) => Err.WriteLine($"compliance {command}: error: {message}");

    /// <summary>Loads the rule set, printing every diagnostic on standard error.</summary>
    /// <returns>The result when the rule set loaded; <see langword="null"/>, having said so, when it did not.</returns>
    public LoadResult? LoadRules(IReadOnlyList<string> paths)
    {
        var result = new RuleSetLoader().LoadFiles(paths);
        foreach (var diagnostic in result.Diagnostics)
        {
            DiagnosticText.Write(Err, diagnostic);
        }

        if (result.Succeeded)
        {
            return result;
        }

        Error($"the rule set did not load: {DiagnosticText.Count(result.Errors.Count(), "error")}");
        return null;
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
            target = outputPath is null ? OutputTarget.ToWriter(Out) : openFile?.Invoke(outputPath) ?? OutputTarget.ToFile(outputPath);
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
