using System.Text.RegularExpressions;
using Compliance.Conditions;
using CsCheck;
using NUnit.Framework;

namespace Compliance.Core.Tests.Conditions;

/// <summary>A <c>matches</c> pattern that is plain text runs as an ordinal test (<see cref="LiteralPattern"/>): on generated
/// patterns and texts (line breaks at the end and inside, non-ASCII letters, the Kelvin sign and the dotted and dotless i
/// that case-insensitive regexes treat specially), whenever the ordinal test gives an answer, it is the regex's, for both
/// regex engines the loader builds.</summary>
public sealed class LiteralPatternTests
{
    private static readonly string[] LiteralPieces = ["a", "A", "k", "K", "s", "i", "I", "-", "/", ":", "é", "É", "ß", "\u212A", "\u0130", "\u0131", "\\.", "\\-", "\\$", "\\^", "\\(", "\\\\", "1"];
    private static readonly char[] TextChars = ['a', 'A', 'k', 'K', 's', 'S', 'i', 'I', '-', '/', ':', '.', '$', '^', '(', '\\', 'é', 'É', 'ß', '\u212A', '\u017F', '\u0130', '\u0131', '\n', '\r', '1', ' ', 'x'];

    private static readonly Gen<string> Patterns =
        from ignoreCase in Gen.Bool
        from start in Gen.Bool
        from pieces in Gen.OneOf(LiteralPieces).Array[0, 5]
        from end in Gen.Bool
        select (ignoreCase ? "(?i)" : string.Empty) + (start ? "^" : string.Empty) + string.Concat(pieces) + (end ? "$" : string.Empty);

    /// <summary>Texts drawn from the same characters, often the pattern's own literal with something before or after it.</summary>
    private static Gen<string> Texts(string pattern)
    {
        var literal = Regex.Unescape(pattern.Replace("(?i)", string.Empty, StringComparison.Ordinal).TrimStart('^').TrimEnd('$'));
        var random = Gen.String[Gen.OneOf(TextChars), 0, 6];
        return Gen.Frequency(
            (2, random),
            (3, from before in Gen.String[Gen.OneOf(TextChars), 0, 2]
                from after in Gen.OneOf(string.Empty, "\n", "\n\n", "x", "x\n", "\r\n")
                from upper in Gen.Bool
                select before + (upper ? literal.ToUpperInvariant() : literal) + after));
    }

    [Test]
    public void OrdinalTest_AgreesWithTheRegex_OnGeneratedPatternsAndTexts()
    {
        var known = 0;
        var ignoringCase = 0;
        var unknown = 0;
        var matched = 0;
        Patterns.SelectMany(pattern => Texts(pattern).Array[1, 20].Select(texts => (pattern, texts))).Sample(sample =>
        {
            var (pattern, texts) = sample;
            foreach (var options in new[] { RegexOptions.CultureInvariant, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking })
            {
                var regex = new Regex(pattern, options, TimeSpan.FromSeconds(5));
                var literal = LiteralPattern.Of(regex);
                if (pattern.StartsWith("(?i)", StringComparison.Ordinal) && !System.Text.Ascii.IsValid(pattern))
                {
                    Assert.That(literal, Is.Null, $"`{pattern}`: ignoring case, only ASCII text is taken");
                    continue;
                }

                Assert.That(literal, Is.Not.Null, $"`{pattern}` is plain text");
                foreach (var text in texts)
                {
                    if (!literal!.TryMatch(text, out var matches))
                    {
                        Assert.That(literal.IgnoreCase, Is.True, $"`{pattern}` on {Escaped(text)}: only (?i) leaves the answer to the regex");
                        unknown++;
                        continue;
                    }

                    Assert.That(matches, Is.EqualTo(regex.IsMatch(text)), $"`{pattern}` ({options}) on {Escaped(text)}");
                    known++;
                    ignoringCase += literal.IgnoreCase ? 1 : 0;
                    matched += matches ? 1 : 0;
                }
            }
        }, iter: 2000, threads: 1);

        Assert.That(known, Is.GreaterThan(20_000));
        Assert.That(matched, Is.GreaterThan(known / 5));
        Assert.That(ignoringCase, Is.GreaterThan(5_000));
        Assert.That(unknown, Is.GreaterThan(100));
    }

    [TestCase("^asia-", true)]
    [TestCase("^gpt-", true)]
    [TestCase("-eu$", true)]
    [TestCase("^gpt-5$", true)]
    [TestCase("openai", true)]
    [TestCase(@"^api\.openai\.com$", true)]
    [TestCase("(?i)^gpt-", true)]
    [TestCase("", true)]
    [TestCase("^[a-z]{2}-", false)]
    [TestCase("^gpt.5", false)]
    [TestCase(@"^\d", false)]
    [TestCase(@"\bgpt", false)]
    [TestCase("(?m)^gpt", false)]
    [TestCase("^(?i)gpt", false)]
    [TestCase("a|b", false)]
    [TestCase("gpt-5?", false)]
    [TestCase("x$y", false)]
    [TestCase("(?i)^é", false)]
    [TestCase("(?x)^a b", false)]
    public void Of_RecognisesOnlyPlainText(string pattern, bool literal)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant);
        Assert.That(LiteralPattern.Of(regex) is not null, Is.EqualTo(literal));
    }

    [Test]
    public void Of_AnyOtherRegexOption_IsNotALiteral()
    {
        Assert.That(LiteralPattern.Of(new Regex("^gpt-", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)), Is.Null);
        Assert.That(LiteralPattern.Of(new Regex("^gpt-", RegexOptions.CultureInvariant | RegexOptions.Multiline)), Is.Null);
        Assert.That(LiteralPattern.Of(new Regex("^gpt-", RegexOptions.None)), Is.Null);
    }

    [Test]
    public void ACaseSensitiveLiteral_CannotTimeOut_ACaseInsensitiveOneStillMay()
    {
        var caseSensitive = new Regex("^asia-", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(1));
        var ignoringCase = new Regex("(?i)^asia-", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(1));
        Assert.That(LiteralPattern.Of(caseSensitive)!.IgnoreCase, Is.False);
        Assert.That(LiteralPattern.Of(ignoringCase)!.IgnoreCase, Is.True);
        Assert.That(LiteralPattern.Of(ignoringCase)!.TryMatch("\u212Asia-east1", out _), Is.False, "a Kelvin sign is left to the regex");
    }

    private static string Escaped(string text) => "\"" + string.Concat(text.Select(c => c < 128 && !char.IsControl(c) ? c.ToString() : $"\\u{(int)c:X4}")) + "\"";
}
