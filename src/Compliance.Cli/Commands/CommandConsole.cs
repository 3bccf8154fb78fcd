using Compliance.Cli.Output;
using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Rules.Diagnostics;
using Compliance.Rules.Subjects;

namespace Compliance.Cli.Commands;

/// <summary>A command's standard streams, and the steps several commands share: loading the rule set, opening the
/// inputs, writing a report to standard output or a file, and saying what went wrong.</summary>
internal sealed class CommandConsole(string command, TextReader stdin, TextWriter stdout, TextWriter stderr)
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
    public List<IEnumerable<SubjectInput>>? OpenInputs(SubjectReader reader, IReadOnlyList<string> paths)
    {
        var sources = new List<IEnumerable<SubjectInput>>(paths.Count);
        var failed = false;
        foreach (var path in paths)
        {
            try
            {
                sources.Add(path == "-" ? reader.ReadJsonLines(In, "-") : reader.ReadPath(path));
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

    /// <summary>Opens every input path as <see cref="OpenInputs"/> does, as batches whose JSON lines a parallel run parses.</summary>
    /// <returns>The inputs; <see langword="null"/>, having named each, when some path cannot be read.</returns>
    public List<IEnumerable<SubjectBatch>>? OpenBatches(SubjectReader reader, IReadOnlyList<string> paths)
    {
        var sources = new List<IEnumerable<SubjectBatch>>(paths.Count);
        var failed = false;
        foreach (var path in paths)
        {
            try
            {
                sources.Add(path == "-" ? reader.ReadBatches(In, "-") : reader.ReadBatches(path));
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
            target = outputPath is null ? OutputTarget.ToWriter(Out) : OutputTarget.ToFile(outputPath);
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
                foreach (var message in IOFailureMessages(exception))
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

    private static bool IsIOFailure(Exception exception) => exception switch
    {
        IOException or UnauthorizedAccessException => true,
        AggregateException aggregate => aggregate.Flatten().InnerExceptions.All(IsIOFailure),
        _ => false,
    };

    private static IEnumerable<string> IOFailureMessages(Exception exception) => exception is AggregateException aggregate
        ? aggregate.Flatten().InnerExceptions.Select(e => e.Message).Distinct()
        : [exception.Message];
}
