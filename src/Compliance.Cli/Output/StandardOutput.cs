using System.Text;

namespace Compliance.Cli.Output;

/// <summary>A failure to write standard output (its reader closed the pipe, the disk it goes to is full).</summary>
internal sealed class StandardOutputException(IOException inner) : IOException(inner.Message, inner);

/// <summary>Standard output as every command writes it: a failure to write becomes a
/// <see cref="StandardOutputException"/>, which <see cref="CliApp.Run(string[], TextReader, TextWriter, TextWriter, CliEnvironment)"/>
/// turns into exit code 2 and one line on standard error, whichever command was writing. After the first failure
/// nothing more is written (the reader is gone), so the failure is reported once.</summary>
internal sealed class StandardOutput : TextWriter
{
    private readonly TextWriter _inner;

    public StandardOutput(TextWriter inner)
    {
        _inner = inner;
        NewLine = inner.NewLine;
    }

    /// <summary>The first failure, once there has been one.</summary>
    public StandardOutputException? Failure { get; private set; }

    public override Encoding Encoding => _inner.Encoding;

    public override IFormatProvider FormatProvider => _inner.FormatProvider;

    public override void Write(char value)
    {
        if (Failure is null)
        {
            try
            {
                _inner.Write(value);
            }
            catch (IOException exception)
            {
                throw Failed(exception);
            }
        }
    }

    public override void Write(string? value)
    {
        if (Failure is null)
        {
            try
            {
                _inner.Write(value);
            }
            catch (IOException exception)
            {
                throw Failed(exception);
            }
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        if (Failure is null)
        {
            try
            {
                _inner.Write(buffer, index, count);
            }
            catch (IOException exception)
            {
                throw Failed(exception);
            }
        }
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        if (Failure is null)
        {
            try
            {
                _inner.Write(buffer);
            }
            catch (IOException exception)
            {
                throw Failed(exception);
            }
        }
    }

    public override void Flush()
    {
        if (Failure is null)
        {
            try
            {
                _inner.Flush();
            }
            catch (IOException exception)
            {
                throw Failed(exception);
            }
        }
    }

    private StandardOutputException Failed(IOException exception) =>
        Failure = exception as StandardOutputException ?? new StandardOutputException(exception);
}
