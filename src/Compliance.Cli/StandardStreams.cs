using Compliance.Rules.Files;
using Microsoft.Win32.SafeHandles;

namespace Compliance.Cli;

/// <summary>The process's standard output, opened so that a closed pipe is an error, not a report lost in silence.</summary>
internal static class StandardStreams
{
    /// <summary>Opens standard output. .NET's console stream ignores a broken pipe (<c>EPIPE</c>) and reports every write
    /// as done, so that <c>check ... | head -c 10</c> lost the report and exited 0; when standard output is a pipe it is
    /// written as a file instead, whose failures are thrown. Anything else (a terminal; a file, which the console stream
    /// appends to at the shared offset, as <c>2&gt;&amp;1</c> needs) keeps the console stream.</summary>
    public static Stream OpenOutput()
    {
        if (!OperatingSystem.IsWindows())
        {
            var handle = new SafeFileHandle(1, ownsHandle: false);
            if (FileKinds.Of(handle) == FileKinds.Kind.NamedPipe)
            {
                return new FileStream(handle, FileAccess.Write, bufferSize: 0);
            }
        }

        return Console.OpenStandardOutput();
    }
}
