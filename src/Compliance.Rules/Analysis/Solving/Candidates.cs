using System.Globalization;
using Compliance.Conditions;
using Compliance.Subjects;

namespace Compliance.Rules.Analysis.Solving;

/// <summary>Chooses, for one scalar slot, a finite set of values that meets every class of values the slot's comparisons
/// can tell apart: each constant the rules name, a value between and beyond each pair of neighbouring numbers or instants,
/// fresh text with every realisable combination of the <c>contains</c> needles, and the missing value when the field can be
/// missing. Every comparison of the structured fragment is constant on each class, so deciding over these values is exact.</summary>
internal static class Candidates
{
    private const int MaxNeedles = 8;
    private static readonly string[] Separators = ["-", "_", "~", "+", "=", "0", "9"];

    public static List<object?> For(ScalarSlot slot, DateOnly today)
    {
        var values = new List<object?>();
        if (slot.Nullable)
        {
            values.Add(null);
        }

        var operands = slot.Atoms
            .Where(a => a.Operator is not (Operator.Exists or Operator.Contains or Operator.Matches or Operator.StartsWith or Operator.EndsWith))
            .SelectMany(a => a.Operands)
            .Concat(slot.ExtraConstants)
            .ToArray();
        switch (slot.Type)
        {
            case FieldType.String:
                values.AddRange(Strings(slot, operands));
                break;
            case FieldType.Enum:
                values.AddRange(Enum.GetValues(slot.ClrType).Cast<object>());
                break;
            case FieldType.Boolean:
                values.Add(false);
                values.Add(true);
                break;
            case FieldType.Integer:
            case FieldType.Number:
                values.AddRange(Numbers(slot, operands));
                break;
            case FieldType.Timestamp:
                values.AddRange(Instants(slot, operands, today));
                break;
            default:
                throw new NotAnalysableException(slot.Atoms.FirstOrDefault()?.Location ?? default, AnalysisMessages.NotComparable(slot.Text));
        }

        return values;
    }

    private static IEnumerable<object?> Strings(ScalarSlot slot, Operand[] operands)
    {
        // A set beside the list, so that a long `in` list is read in linear time (the list keeps the rules' order).
        var constants = new List<string>();
        var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var operand in operands)
        {
            var text = operand.Value as string ?? Operand.Format(operand.Value);
            if (known.Add(text))
            {
                constants.Add(text);
            }
        }

        var needles = Texts(slot, Operator.Contains);
        if (needles.Length > MaxNeedles)
        {
            throw new NotAnalysableException(slot.Atoms.First(a => a.Operator == Operator.Contains).Location,
                AnalysisMessages.TooManyNeedles(slot.Text, MaxNeedles));
        }

        var prefixes = Texts(slot, Operator.StartsWith);
        var suffixes = Texts(slot, Operator.EndsWith);
        foreach (var constant in constants)
        {
            yield return constant;
        }

        // A text that equals no constant is told apart only by which needles it contains, the longest prefix it begins
        // with and the longest suffix it ends with (the shorter ones follow: a text begins with every prefix of its
        // longest one). A prefix, then needles joined by a separator that occurs in none of the texts, between fillers
        // that contain no needle and begin or end no prefix or suffix, then a suffix: such a text contains exactly the
        // needles in one of its parts, begins with exactly the prefixes of its prefix (a longer one would hold the
        // separator) and ends likewise. Every realisable combination, one witness each.
        var texts = needles.Concat(prefixes).Concat(suffixes).ToArray();
        var separator = Separators.FirstOrDefault(s => !texts.Any(n => n.Contains(s, StringComparison.OrdinalIgnoreCase)))
            ?? throw new NotAnalysableException(slot.Atoms.First(a => a.Operator is Operator.Contains or Operator.StartsWith or Operator.EndsWith).Location,
                AnalysisMessages.NoSeparator(slot.Text));
        var starts = prefixes.Select(p => p + separator).Prepend(string.Empty).ToArray();
        var ends = suffixes.Select(p => separator + p).Prepend(string.Empty).ToArray();
        for (var attempt = 0; ; attempt++)
        {
            var filler = attempt == 0 ? "other" : "other" + attempt.ToString(CultureInfo.InvariantCulture);
            if (needles.Any(n => filler.Contains(n, StringComparison.OrdinalIgnoreCase))
                || prefixes.Any(p => filler.StartsWith(p, StringComparison.OrdinalIgnoreCase))
                || suffixes.Any(p => filler.EndsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var fresh = new List<string>();
            for (var mask = 0; mask < 1 << needles.Length; mask++)
            {
                var parts = needles.Where((_, i) => (mask & (1 << i)) != 0).Append(filler);
                var middle = string.Join(separator, parts);
                if (prefixes.Length > 0)
                {
                    middle = filler + separator + middle;
                }

                foreach (var start in starts)
                {
                    foreach (var end in ends)
                    {
                        fresh.Add(start + middle + end);
                    }
                }
            }

            if (fresh.Any(known.Contains))
            {
                continue;
            }

            foreach (var f in fresh)
            {
                yield return f;
            }

            yield break;
        }
    }

    private static string[] Texts(ScalarSlot slot, Operator op) => slot.Atoms.Where(a => a.Operator == op)
        .SelectMany(a => a.Operands)
        .Select(o => (string)o.Value)
        .Where(n => n.Length > 0)
        .Distinct(StringComparer.OrdinalIgnoreCase)
        .ToArray();

    private static IEnumerable<object?> Numbers(ScalarSlot slot, Operand[] operands)
    {
        var points = operands.Select(o => o.Value).OfType<double>().Append(0d).Distinct().Order().ToArray();
        var raw = new List<double> { points[0] - 1 };
        for (var i = 0; i < points.Length; i++)
        {
            raw.Add(points[i]);
            if (i + 1 < points.Length)
            {
                var low = points[i];
                var high = points[i + 1];
                if (slot.Type == FieldType.Integer)
                {
                    if (high - low >= 2)
                    {
                        raw.Add(low + 1);
                    }
                }
                else
                {
                    var middle = low + ((high - low) / 2);
                    if (middle > low && middle < high)
                    {
                        raw.Add(middle);
                    }
                }
            }
        }

        raw.Add(points[^1] + 1);
        foreach (var number in raw)
        {
            if (ToClr(number, slot.ClrType) is { } value)
            {
                yield return value;
            }
        }
    }

    private static object? ToClr(double number, Type type)
    {
        try
        {
            if (type == typeof(double))
            {
                return number;
            }

            if (type == typeof(float))
            {
                return (float)number;
            }

            if (type == typeof(decimal))
            {
                return (decimal)number;
            }

            if (Math.Floor(number) != number)
            {
                return null;
            }

            return Convert.ChangeType(number, type, CultureInfo.InvariantCulture);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static IEnumerable<object?> Instants(ScalarSlot slot, Operand[] operands, DateOnly today)
    {
        var boundaries = new SortedSet<DateTimeOffset>();
        foreach (var operand in operands)
        {
            switch (operand.Value)
            {
                case DateOnly date:
                    boundaries.Add(Midnight(date));
                    if (date < DateOnly.MaxValue)
                    {
                        boundaries.Add(Midnight(date.AddDays(1)));
                    }

                    break;
                case DateTimeOffset instant:
                    boundaries.Add(instant.ToUniversalTime());
                    break;
            }
        }

        if (boundaries.Count == 0)
        {
            boundaries.Add(Midnight(today));
        }

        var points = boundaries.ToArray();
        var instants = new List<DateTimeOffset>();
        if (slot.ClrType == typeof(DateOnly))
        {
            // Dates alone: the midnights next to each boundary meet every class of dates.
            foreach (var point in points)
            {
                var day = DateOnly.FromDateTime(point.UtcDateTime);
                foreach (var offset in new[] { -1, 0, 1 })
                {
                    if ((offset < 0 && day == DateOnly.MinValue) || (offset > 0 && day == DateOnly.MaxValue))
                    {
                        continue;
                    }

                    instants.Add(Midnight(day.AddDays(offset)));
                }
            }
        }
        else
        {
            instants.Add(points[0].AddDays(-1));
            for (var i = 0; i < points.Length; i++)
            {
                instants.Add(points[i]);
                if (i + 1 < points.Length)
                {
                    var gap = points[i + 1] - points[i];
                    var middle = points[i] + TimeSpan.FromSeconds(Math.Floor(gap.TotalSeconds / 2));
                    if (middle <= points[i])
                    {
                        middle = points[i] + TimeSpan.FromTicks(gap.Ticks / 2);
                    }

                    if (middle > points[i] && middle < points[i + 1])
                    {
                        instants.Add(middle);
                    }
                }
            }

            instants.Add(points[^1].AddDays(1));
        }

        foreach (var instant in instants.Distinct())
        {
            yield return slot.ClrType == typeof(DateOnly) ? DateOnly.FromDateTime(instant.UtcDateTime)
                : slot.ClrType == typeof(DateTime) ? instant.UtcDateTime
                : instant;
        }
    }

    public static DateTimeOffset Midnight(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
