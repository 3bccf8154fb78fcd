namespace Compliance.Rules.Diagnostics;

/// <summary>"Did you mean" suggestions by edit distance.</summary>
internal static class Suggestions
{
    /// <summary>For a clause id written without its contract, the hint that names the qualified id (each of them, when
    /// several contracts have a clause of that id); else, a "did you mean" among the clauses, or else how to write one.
    /// <see langword="null"/> for an id that names its contract.</summary>
    /// <param name="written">The id as written.</param>
    /// <param name="declared">Every clause id written, qualified.</param>
    public static string? Qualify(string written, IEnumerable<string> declared)
    {
        if (written.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }

        var matches = declared.Where(d => d.EndsWith("/" + written, StringComparison.Ordinal) && d.IndexOf('/', StringComparison.Ordinal) == d.Length - written.Length - 1)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (matches.Length > 0)
        {
            return LoadMessages.QualifiedClauseHint(matches);
        }

        // A typo as well: compare with the clause ids without their contracts, and suggest the qualified id.
        var closest = Closest(written, declared, d => d[(d.IndexOf('/', StringComparison.Ordinal) + 1)..]);
        return closest is null ? LoadMessages.QualifyClauseHint : $"did you mean `{closest}`?";
    }

    public static string? DidYouMean(string typed, IEnumerable<string> candidates) =>
        Closest(typed, candidates, c => c) is { } best ? $"did you mean `{best}`?" : null;

    /// <summary>The candidate whose <paramref name="compared"/> part is nearest to <paramref name="typed"/>, when near enough.</summary>
    private static string? Closest(string typed, IEnumerable<string> candidates, Func<string, string> compared)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(typed.ToLowerInvariant(), compared(candidate).ToLowerInvariant());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        var limit = Math.Max(2, typed.Length / 3);
        return best is not null && bestDistance <= limit ? best : null;
    }

    private static int Distance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64)
        {
            return int.MaxValue;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
