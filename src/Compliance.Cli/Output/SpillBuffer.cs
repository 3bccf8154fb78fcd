using System.Text;

namespace Compliance.Cli.Output;

/// <summary>Text held in memory up to a limit, then in a temporary file (deleted when closed), so that a report
/// that must hold back a part (a JUnit test suite, whose counts come before its test cases) stays small in memory.</summary>
internal sealed class SpillBuffer(int memoryLimit) : IDisposable
{
    /// <summary>The default limit: about 4 MB of text in memory.</summary>
    public const int DefaultMemoryLimit = 2 * 1024 * 1024;

    private readonly StringBuilder _memory = new();
    private StreamWriter? _file;

    /// <summary>Whether the text went to a temporary file.</summary>
    public bool Spilled => _file is not null;

    public void Append(string text)
    {
        if (_file is not null)
        {
            _file.Write(text);
            return;
        }

        _memory.Append(text);
        if (_memory.Length > memoryLimit)
        {
            var path = Path.GetTempFileName();
            var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, bufferSize: 1 << 16, FileOptions.DeleteOnClose);
            _file = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            _file.Write(_memory);
            _memory.Clear();
        }
    }

    /// <summary>Writes the text held to <paramref name="writer"/> and empties the buffer.</summary>
    public void MoveTo(TextWriter writer)
    {
        if (_file is null)
        {
            writer.Write(_memory);
            _memory.Clear();
            return;
        }

        _file.Flush();
        var stream = _file.BaseStream;
        stream.Position = 0;
        using (var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true))
        {
            var chunk = new char[1 << 14];
            int read;
            while ((read = reader.Read(chunk, 0, chunk.Length)) > 0)
            {
                writer.Write(chunk, 0, read);
            }
        }

        _file.Dispose();
        _file = null;
    }

    public void Dispose()
    {
        _file?.Dispose();
        _file = null;
    }
}
