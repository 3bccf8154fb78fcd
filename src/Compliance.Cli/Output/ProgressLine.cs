using System.Globalization;
using Compliance.Verdicts;

namespace Compliance.Cli.Output;

/// <summary>A progress line for long batches on a terminal: <c>\r12000 subjects, 4000/s</c>, rewritten at most every
/// <see cref="Interval"/>, and left with a line break at the end. A batch done within the first interval shows nothing.</summary>
internal sealed class ProgressLine(SafeText terminal, TimeProvider time)
{
    /// <summary>The least time between two updates.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>Passes the verdicts through unchanged, updating the line as they go by.</summary>
    public IEnumerable<Verdict> Track(IEnumerable<Verdict> verdicts) => Track(verdicts, static _ => 1);

    /// <summary>Passes items through unchanged, each counting for <paramref name="subjects"/> subjects, updating the line as they go by.</summary>
    public IEnumerable<T> Track<T>(IEnumerable<T> items, Func<T, int> subjects)
    {
        var start = time.GetTimestamp();
        var last = start;
        var count = 0L;
        var width = 0;
        foreach (var item in items)
        {
            yield return item;
            count += subjects(item);
            var now = time.GetTimestamp();
            if (time.GetElapsedTime(last, now) >= Interval)
            {
                width = Show(count, time.GetElapsedTime(start, now), width);
                last = now;
            }
        }

        if (width > 0)
        {
            Show(count, time.GetElapsedTime(start, time.GetTimestamp()), width);
            terminal.EndOverwrite();
        }
    }

    /// <summary>Rewrites the line, padding over a longer earlier one; returns its width.</summary>
    private int Show(long count, TimeSpan elapsed, int previousWidth)
    {
        var rate = elapsed > TimeSpan.Zero ? count / elapsed.TotalSeconds : 0;
        var text = string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? "subject" : "subjects")}, {rate:0}/s");
        terminal.Overwrite(text.PadRight(previousWidth));
        return text.Length;
    }
}
