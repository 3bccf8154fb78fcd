using Compliance.Model;
using Compliance.Subjects;
using Compliance.Verdicts;

namespace Compliance.Rules.Documents;

/// <summary>The rule language's own words as values (<c>effect: review</c>, <c>appliesTo: call</c>, a test's expected
/// outcome and statuses): read in any case, like enum values, so that <c>effect: Review</c> is <c>review</c>.</summary>
internal static class Keywords
{
    /// <summary>The effect a word names (one of <see cref="DocumentGrammar.Effects"/>), in any case; <see langword="null"/>
    /// when it names none.</summary>
    public static Effect? EffectOf(string word) =>
        DocumentGrammar.Effects.FirstOrDefault(e => Same(e, word)) is { } name ? Enum.Parse<Effect>(name, ignoreCase: true) : null;

    /// <summary>The subject kind a word names: exactly, or else in any case.</summary>
    public static SubjectKind? Kind(SubjectKindRegistry kinds, string word) =>
        kinds.Find(word) ?? kinds.Kinds.FirstOrDefault(k => Same(k.Name, word));

    /// <summary>The outcome a word names, in any case.</summary>
    public static bool TryOutcome(string word, out Outcome outcome) => TryParse(word, VerdictNames.Name, out outcome);

    /// <summary>The clause status a word names, in any case.</summary>
    public static bool TryStatus(string word, out ClauseStatus status) => TryParse(word, VerdictNames.Name, out status);

    private static bool TryParse<T>(string word, Func<T, string> name, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (Same(name(candidate), word))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static bool Same(string name, string word) => string.Equals(name, word, StringComparison.OrdinalIgnoreCase);
}
