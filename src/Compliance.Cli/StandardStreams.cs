using System.Text;
using Compliance.Rules.Files;
using Microsoft.Win32.SafeHandles;

namespace Compliance.Cli;

/// <summary>The process's standard streams, opened so that nothing is lost in silence: a closed output pipe is an
/// error, and input bytes that are not UTF-8 reach the subject reader as such rather than as U+FFFD.</summary>
internal static class StandardStreams
{
    /// <summary>UTF-8 that decodes each byte of an invalid sequence to a lone low surrogate (U+DC80 to U+DCFF, as Python's
    /// <c>surrogateescape</c> does), which no valid UTF-8 decodes to. The subject reader refuses a line holding one
    /// (an <c>indeterminate</c> verdict naming the line), where U+FFFD would have been judged as text.</summary>
    public static Encoding Input { get; } = CreateInput();

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

    private static Encoding CreateInput()
    {
        var encoding = (Encoding)new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).Clone();
        encoding.DecoderFallback = new SurrogateEscape();
        return encoding;
    }

    private sealed class SurrogateEscape : DecoderFallback
    {
        public override int MaxCharCount => 4;

        public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer();

        private sealed class Buffer : DecoderFallbackBuffer
        {
            private byte[] _bytes = [];
            private int _next;

            public override int Remaining => _bytes.Length - _next;

            public override bool Fallback(byte[] bytesUnknown, int index)
            {
                _bytes = bytesUnknown;
                _next = 0;
                return bytesUnknown.Length > 0;
            }

            public override char GetNextChar() => _next < _bytes.Length ? (char)(0xDC00 | _bytes[_next++]) : '\0';

            public override bool MovePrevious()
            {
                if (_next == 0)
                {
                    return false;
                }

                _next--;
                return true;
            }

            public override void Reset()
            {
                _bytes = [];
                _next = 0;
            }
        }
    }
}
