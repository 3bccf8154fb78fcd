using System.Text.RegularExpressions;
using Compliance.Rules.Compilation;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Compilation;

/// <summary>The rule that tells a wildcard written in <c>matches</c> from a regular expression (CMP0090), over a table of
/// real regular expressions (none reads as a wildcard) and wildcards (each does, and the regular expression its hint
/// offers matches what the wildcard says).</summary>
public sealed class WildcardPatternTests
{
    private static readonly string[] RealRegexes =
    [
        "^gpt-.*$", "a+b*", "(eu|us)-.*", @"\*", "[*]", "eu-.*", ".*-eu", "^.*$", ".*", "^eu-", "(?i)^azure$", "gpt-4o(-mini)?",
        "^[a-z]+-[0-9]*$", @"\d+", "^westeurope|northeurope$", "colou?r", "ab{2,}", @"^eu-\w*$", "(ab)*", @"azure\.com$",
        "^(gpt|o)[0-9]*", "[a-z]*-east", "x*?y", @"\.*", "a|b*",
    ];

    private static readonly string[] Wildcards =
    [
        "eu-*", "*.azure.com", "*eu*", "gpt-4o*", "eu-*.example.com", "*-preview", "us-*-1", "*", "westeurope*",
        "Azure OpenAI*", "gpt-*-mini", "**", "eu_*", "team/*",
    ];

    /// <summary>Texts to try each wildcard's suggested pattern on.</summary>
    private static readonly string[] Texts =
    [
        "", "eu", "eu-", "eu-west", "westeurope", "x.azure.com", "azure.com", "myazure.com", "gpt-4o", "gpt-4o-mini", "gpt-4",
        "eu-west.example.com", "eu-westXexampleXcom", "eu-west.example.com.evil", "model-preview", "us-east-1", "us-1",
        "westeurope2", "Azure OpenAI Service", "gpt-4-mini", "eu_x", "team/legal", "EU-WEST",
    ];

    public static IEnumerable<string> RealRegexCases() => RealRegexes;

    public static IEnumerable<string> WildcardCases() => Wildcards;

    [TestCaseSource(nameof(RealRegexCases))]
    public void ARegularExpressionThatUsesItsSyntax_DoesNotReadAsAWildcard(string pattern)
    {
        Assert.That(() => new Regex(pattern), Throws.Nothing, "the table should hold valid regular expressions");
        Assert.That(WildcardPattern.ReadsAsWildcard(pattern), Is.False);
    }

    [TestCaseSource(nameof(WildcardCases))]
    public void AWildcard_ReadsAsOne_AndTheSuggestedPatternMatchesWhatItSays(string pattern)
    {
        Assert.That(WildcardPattern.ReadsAsWildcard(pattern), Is.True);
        var meant = WildcardPattern.Meant(pattern);
        var suggested = Regex.Match(meant, "the pattern `(?<p>[^`]*)`");
        foreach (var text in Texts)
        {
            var glob = Glob(pattern, text);
            if (suggested.Success)
            {
                Assert.That(Regex.IsMatch(text, suggested.Groups["p"].Value), Is.EqualTo(glob), $"{meant} on `{text}`");
            }
            else
            {
                Assert.That(meant, Is.EqualTo("`exists: true`"));
            }
        }
    }

    [TestCase("eu-*", "`startsWith: eu-` (or the pattern `^eu-`)")]
    [TestCase("*.azure.com", @"`endsWith: .azure.com` (or the pattern `\.azure\.com$`)")]
    [TestCase("*eu*", "`contains: eu` (or the pattern `eu`)")]
    [TestCase("eu-*.example.com", @"the pattern `^eu-.*\.example\.com$`")]
    [TestCase("*", "`exists: true`")]
    [TestCase("*: x", "`endsWith: ': x'` (or the pattern `:\\ x$`)")]
    public void TheHint_NamesTheOperatorTheWildcardMeant(string pattern, string meant) =>
        Assert.That(WildcardPattern.Meant(pattern), Is.EqualTo(meant));

    /// <summary>What a wildcard says: <c>*</c> is any text (possibly none), every other character itself, the whole text.</summary>
    private static bool Glob(string pattern, string text)
    {
        var parts = pattern.Split('*');
        if (parts.Length == 1)
        {
            return text == pattern;
        }

        if (!text.StartsWith(parts[0], StringComparison.Ordinal) || !text[parts[0].Length..].EndsWith(parts[^1], StringComparison.Ordinal))
        {
            return false;
        }

        var at = parts[0].Length;
        var end = text.Length - parts[^1].Length;
        foreach (var middle in parts[1..^1])
        {
            var found = text.IndexOf(middle, at, StringComparison.Ordinal);
            if (found < 0 || found + middle.Length > end)
            {
                return false;
            }

            at = found + middle.Length;
        }

        return at <= end;
    }
}
