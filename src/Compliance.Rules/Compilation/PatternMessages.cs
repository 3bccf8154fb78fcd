using System.Globalization;

namespace Compliance.Rules.Compilation;

/// <summary>The limits on <c>matches</c> patterns that are not options, and the texts of their diagnostics.</summary>
internal static class PatternMessages
{
    /// <summary>The largest expansion of counted repetitions: the non-backtracking engine's own limit, past which it
    /// would refuse the pattern and leave it to the backtracking engine.</summary>
    public const long MaxExpansion = 10_000;

    /// <summary>The most distinct characters and classes a pattern may name and still be built by the non-backtracking
    /// engine: 64 cost it at most about 0.2 s to build (measured), 1,000 cost 16 s and 1.7 GB. A pattern with more runs on
    /// the backtracking engine, which builds it in milliseconds, under the timeout.</summary>
    public const int MaxSets = 64;

    public static string TooLong(int length, int limit) =>
        $"the pattern is {N(length)} characters long, more than the limit of {N(limit)}";

    public const string TooLongHint =
        "split it into several `matches` under `any`, or test a part with `startsWith`, `endsWith` or `contains`";

    public static string Expands(long expansion) =>
        $"the pattern's counted repetitions expand to {(expansion == long.MaxValue ? "too many" : "about " + N(expansion))} copies, more than the limit of {N(MaxExpansion)}";

    public const string ExpandsHint = "nested counts multiply (`(a{1,100}){1,100}` is 10,000 copies): use `+` or `*`, or smaller counts";

    public static string TooDeep(int limit) => $"the pattern nests groups more than {N(limit)} levels deep";

    public const string TooDeepHint = "remove the groups that hold a single group";

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
