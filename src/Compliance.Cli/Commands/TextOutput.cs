using Compliance.Cli.Output;

namespace Compliance.Cli.Commands;

/// <summary>Writes a whole text document to standard output or, atomically, to a file.</summary>
internal static class TextOutput
{
    /// <summary>Writes the text; returns <see cref="CliApp.Success"/>, or <see cref="CliApp.UsageError"/> after saying why the file could not be written.</summary>
    public static int Write(string text, string? path, TextWriter stdout, TextWriter stderr, string command)
    {
        try
        {
            using var target = path is null ? OutputTarget.ToWriter(stdout) : OutputTarget.ToFile(path);
            target.Writer.Write(text);
            target.Commit();
            return CliApp.Success;
        }
        catch (OutputException exception)
        {
            stderr.WriteLine($"compliance {command}: error: {exception.Message}");
            return CliApp.UsageError;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"compliance {command}: error: cannot write output `{path}`: {exception.Message}");
            return CliApp.UsageError;
        }
    }
}
