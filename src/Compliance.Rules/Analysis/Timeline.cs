using Compliance.Model;

namespace Compliance.Rules.Analysis;

/// <summary>Splits time at the dates where something changes (a clause starts or ends, a waiver expires) and picks one
/// date from each stretch; every date of a stretch behaves the same.</summary>
internal static class Timeline
{
    /// <summary>One date from each stretch between <paramref name="boundaries"/>: today for the stretch that holds it, the
    /// first day of a later stretch, the last day of an earlier one; ordered today first, then later stretches from the
    /// nearest, then earlier ones from the nearest.</summary>
    public static IReadOnlyList<DateOnly> Representatives(IEnumerable<DateOnly> boundaries, DateOnly today)
    {
        var points = boundaries.Distinct().Order().ToArray();
        var current = new List<DateOnly>();
        var later = new List<DateOnly>();
        var earlier = new List<DateOnly>();
        for (var i = 0; i <= points.Length; i++)
        {
            DateOnly? start = i == 0 ? null : points[i - 1];
            DateOnly? end = i == points.Length ? null : points[i];
            if (start is { } s && end is { } e && e <= s)
            {
                continue;
            }

            if (end is { } first && first == DateOnly.MinValue)
            {
                continue;
            }

            if ((start is null || start <= today) && (end is null || today < end))
            {
                current.Add(today);
            }
            else if (start is { } from && from > today)
            {
                later.Add(from);
            }
            else
            {
                earlier.Add(end!.Value.AddDays(-1));
            }
        }

        earlier.Reverse();
        return [.. current, .. later, .. earlier];
    }

    public static IEnumerable<DateOnly> Boundaries(EffectiveWindow window)
    {
        if (window.From is { } from)
        {
            yield return from;
        }

        if (window.Until is { } until)
        {
            yield return until;
        }
    }
}
