using System.Text.Json;
using Compliance.Rules.Diagnostics;
using CsCheck;
using Compliance.Evaluation;
using Compliance.Subjects;
using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Security;

/// <summary>Building a <c>matches</c> pattern is bounded: its length, the expansion of its counted repetitions and the
/// distinct characters and classes it names, each refused at the pattern, so that no pattern can hold up or exhaust
/// the loader (before these limits, 2,000 overlapping ranges took 88 seconds and 11 GB to build, and 52 KB did not
/// finish).</summary>
public sealed class RegexConstructionTests
{
    /// <summary>A clause whose <c>require</c> is <c>model: { matches: PATTERN }</c>, the pattern written as a JSON string
    /// (valid YAML) on line 11 from column <see cref="PatternColumn"/>.</summary>
    private static string Rule(string pattern) => Probe.Condition($"{{ model: {{ matches: {JsonSerializer.Serialize(pattern)} }} }}");

    private const int PatternLine = 11;

    private const int PatternColumn = 34;

    private static LoadResult LoadWithinAMinute(string text, RuleSetLoaderOptions? options = null)
    {
        var load = Task.Run(() => Probe.Load(text, options));

        // A guard against a hang, not a measurement: each case is refused in milliseconds.
        Assert.That(load.Wait(TimeSpan.FromMinutes(1)), Is.True, "the load did not finish");
        return load.Result;
    }

    private static string Ranges(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(i => $"[{(char)(0x100 + i)}-{(char)(0x100 + i + 300)}]"));

    private static string DistinctCharacters(int count) => string.Concat(Enumerable.Range(0, count).Select(i => (char)(0x100 + i)));

    [Test]
    public void ThePatternColumn_IsWhereTheRuleWritesIt()
    {
        var line = Rule("x").Split('\n')[PatternLine - 1];

        Assert.That(line.IndexOf("\"x\"", StringComparison.Ordinal) + 1, Is.EqualTo(PatternColumn));
    }

    [Test]
    public void PatternLongerThanTheLimit_IsRefusedAtThePattern()
    {
        var error = Probe.SingleError(LoadWithinAMinute(Rule(new string('a', 1_001))));

        Assert.That(error.Code, Is.EqualTo(DiagnosticCodes.PatternTooLong));
        Assert.That((error.Line, error.Column), Is.EqualTo((PatternLine, PatternColumn)));
        Assert.That(error.Message, Is.EqualTo("the pattern is 1,001 characters long, more than the limit of 1,000"));
        Assert.That(error.Hint, Is.EqualTo("split it into several `matches` under `any`, or test a part with `startsWith`, `endsWith` or `contains`"));
    }

    [Test]
    public void PatternAtTheLimit_Loads()
    {
        var result = LoadWithinAMinute(Rule(new string('a', 1_000)));

        Assert.That(result.Succeeded, Is.True, Probe.Describe(result));
    }

    [Test]
    public void MaxPatternLength_SetsTheLimit()
    {
        var options = new RuleSetLoaderOptions { MaxPatternLength = 10 };

        Assert.That(LoadWithinAMinute(Rule("^abcdefghij$"), options).Errors.Single().Message,
            Is.EqualTo("the pattern is 12 characters long, more than the limit of 10"));
        Assert.That(LoadWithinAMinute(Rule("^abcdefgh$"), options).Succeeded, Is.True);
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(10_001)]
    public void MaxPatternLength_OutOfRange_IsRefusedByTheConstructor(int length)
    {
        var thrown = Assert.Throws<ArgumentException>(() => _ = new RuleSetLoader(new RuleSetLoaderOptions { MaxPatternLength = length }));

        Assert.That(thrown!.Message, Does.Contain($"RuleSetLoaderOptions.MaxPatternLength must be between 1 and 10000, not {length}"));
    }

    [TestCase("(a{1,100}){1,100}")]
    [TestCase("(?:ab{1,1000}c){1,11}")]
    [TestCase("(a{1,2147483647}){2}")]
    [TestCase("((((a{10}){10}){10}){10}){10}")]
    public void NestedCountedRepetitions_PastTheExpansionLimit_AreRefusedAtThePattern(string pattern)
    {
        var error = Probe.SingleError(LoadWithinAMinute(Rule(pattern)));

        Assert.That(error.Code, Is.EqualTo(DiagnosticCodes.PatternTooComplex));
        Assert.That((error.Line, error.Column), Is.EqualTo((PatternLine, PatternColumn)));
        Assert.That(error.Message, Does.StartWith("the pattern's counted repetitions expand to about ").And.EndWith(" copies, more than the limit of 10,000"));
        Assert.That(error.Hint, Is.EqualTo("nested counts multiply (`(a{1,100}){1,100}` is 10,000 copies): use `+` or `*`, or smaller counts"));
    }

    [TestCase("((x{0,50}){2,50}){3}")]
    [TestCase("(a{1,100}){1,99}")]
    [TestCase("a{9999}")]
    [TestCase("(a+)*b{1,5000}")]
    public void CountedRepetitions_WithinTheExpansionLimit_Load(string pattern)
    {
        var result = LoadWithinAMinute(Rule(pattern));

        Assert.That(result.Succeeded, Is.True, Probe.Describe(result));
    }

    [Test]
    public void ExpansionMessage_GivesTheEstimate()
    {
        var error = Probe.SingleError(LoadWithinAMinute(Rule("(a{1,100}){1,101}")));

        Assert.That(error.Message, Is.EqualTo("the pattern's counted repetitions expand to about 10,101 copies, more than the limit of 10,000"));
    }

    [Test]
    public void GroupsNestedPastTheDepthLimit_AreRefused()
    {
        var error = Probe.SingleError(LoadWithinAMinute(Rule(new string('(', 101) + "a" + new string(')', 101))));

        Assert.That(error.Code, Is.EqualTo(DiagnosticCodes.PatternTooComplex));
        Assert.That(error.Message, Is.EqualTo("the pattern nests groups more than 100 levels deep"));
        Assert.That(LoadWithinAMinute(Rule(new string('(', 100) + "a" + new string(')', 100))).Succeeded, Is.True);
    }

    [Test]
    public void ManyDistinctCharacters_LoadOnTheBacktrackingEngine_AndMatchAsWritten()
    {
        // 200 distinct characters took the non-backtracking engine over a second to build; 1,000 took 16 seconds and
        // 1.7 GB. Past 64 the pattern runs on the backtracking engine, built in milliseconds, under the timeout.
        var pattern = DistinctCharacters(200);
        var result = LoadWithinAMinute(Rule("^" + pattern + "$"));

        Assert.That(result.Succeeded, Is.True, Probe.Describe(result));
        Assert.That(StatusOf(result, pattern), Is.EqualTo(ClauseStatus.Satisfied));
        Assert.That(StatusOf(result, pattern[1..]), Is.EqualTo(ClauseStatus.Violated));
    }

    [Test]
    public void TenKilobytesOfOverlappingRanges_LoadInsteadOfExhaustingMemory()
    {
        // The attack: 2,000 ranges, 10,000 characters. Before the limits it took 88 seconds and 11 GB to build (an
        // `internal error` under an 8 GB memory limit). The length limit refuses it; with the limit raised to let it
        // through, the count of distinct characters sends it to the backtracking engine, which builds it at once.
        var pattern = Ranges(2_000);
        Assert.That(pattern, Has.Length.EqualTo(10_000));

        Assert.That(Probe.SingleError(LoadWithinAMinute(Rule(pattern))).Code, Is.EqualTo(DiagnosticCodes.PatternTooLong));
        var raised = LoadWithinAMinute(Rule(pattern), new RuleSetLoaderOptions { MaxPatternLength = 10_000 });
        Assert.That(raised.Succeeded, Is.True, Probe.Describe(raised));
    }

    private static ClauseStatus StatusOf(LoadResult result, string model) =>
        result.RuleSet!.Evaluate(
            new CallSubject { Id = "c", Vendor = "Acme", Model = model, Mode = RuntimeMode.Stateless, Cloud = "Azure" },
            new EvaluationOptions { AsOf = Probe.AsOf }).Clauses.Single().Status;

    [TestCase("(?i)abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", true)]
    [TestCase("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-", true)]
    [TestCase("^(Microsoft|SoftBank|NVIDIA|Amazon|Oracle|CoreWeave)$", true)]
    [TestCase(@"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$", true)]
    [TestCase(@"^(?<region>[a-z]{2})-(\k<region>)\1$", true)]
    [TestCase(@"^\p{Lu}\p{Ll}+(?=\d)\d{1,4}(?!x)", true)]
    public void EverydayPatterns_Load(string pattern, bool loads)
    {
        var result = LoadWithinAMinute(Rule(pattern));

        Assert.That(result.Succeeded, Is.EqualTo(loads), Probe.Describe(result));
    }

    [Test]
    public void UnderIgnoreCase_ALetterCountsWithItsOtherCase_AndEitherEngineMatchesAlike()
    {
        // 33 Cyrillic letters are 33 sets, 66 under (?i): the second runs on the backtracking engine.
        var letters = string.Concat(Enumerable.Range(0x430, 33).Select(c => (char)c));
        var plain = LoadWithinAMinute(Rule("^" + letters + "$"));
        var ignoringCase = LoadWithinAMinute(Rule("(?i)^" + letters + "$"));

        Assert.That(plain.Succeeded && ignoringCase.Succeeded, Is.True, Probe.Describe(plain) + Probe.Describe(ignoringCase));
        Assert.That(StatusOf(plain, letters.ToUpperInvariant()), Is.EqualTo(ClauseStatus.Violated));
        Assert.That(StatusOf(ignoringCase, letters.ToUpperInvariant()), Is.EqualTo(ClauseStatus.Satisfied));
    }

    [Test]
    public void WaiverPatterns_AreBoundedToo()
    {
        var waivers = $$"""
            apiVersion: compliance/v1
            waivers:
              - id: W-1
                clause: acme/probe
                when: { model: { matches: {{JsonSerializer.Serialize(new string('a', 1_001))}} } }
                reason: A study.
                approvedBy: Legal
                expires: 2099-01-01
            """;
        var result = new RuleSetLoader().LoadStrings(
            [new RuleSource("rules/probe.yaml", Rule("^gpt-")), new RuleSource("rules/waivers.yaml", waivers)]);

        var error = Probe.SingleError(result);
        Assert.That(error.Code, Is.EqualTo(DiagnosticCodes.PatternTooLong));
        Assert.That((error.File, error.Line), Is.EqualTo(("rules/waivers.yaml", 5)));
    }

    /// <summary>Patterns built from repetitions, alternations, groups and classes, up to the length limit.</summary>
    private static Gen<string> Pattern(int depth)
    {
        var atom = Gen.OneOf(
            Gen.Char['a', 'z'].Select(c => c.ToString()),
            Gen.Char['\u0100', '\u0400'].Select(c => c.ToString()),
            Gen.Select(Gen.Char['\u0100', '\u0400'], Gen.Int[0, 300], (c, width) => $"[{c}-{(char)(c + width)}]"),
            Gen.OneOf(@"\w", @"\d", @"\s", ".", @"\p{L}", @"\P{Lu}", "[^a]", @"\b", "^", "$", @"\1"));
        if (depth == 0)
        {
            return atom;
        }

        var inner = Pattern(depth - 1);
        var quantifier = Gen.OneOf(
            Gen.OneOf("", "*", "+", "?", "*?"),
            Gen.Int[0, 120].Select(n => $"{{{n}}}"),
            Gen.Select(Gen.Int[0, 60], Gen.Int[0, 120], (n, m) => $"{{{Math.Min(n, m)},{Math.Max(n, m)}}}"));
        return Gen.Frequency(
            (3, atom),
            (3, inner.Array[1, 6].Select(string.Concat)),
            (2, inner.Array[2, 5].Select(items => "(" + string.Join('|', items) + ")")),
            (3, Gen.Select(inner, quantifier, (i, q) => "(?:" + i + ")" + q)),
            (1, inner.Select(i => "(?i)" + i)));
    }

    [Test]
    public void AnyPatternWithinTheLengthLimit_LoadsOrIsRefused_NeverAnInternalError()
    {
        var allowed = new[] { DiagnosticCodes.InvalidRegex, DiagnosticCodes.PatternTooLong, DiagnosticCodes.PatternTooComplex };
        Pattern(4).Where(p => p.Length <= 1_000).Sample(pattern =>
        {
            LoadResult result;
            try
            {
                result = LoadWithinAMinute(Rule(pattern));
            }
            catch (Exception exception)
            {
                throw new AssertionException($"the loader threw {exception}");
            }

            Assert.That(result.Errors.Select(e => e.Code), Is.SubsetOf(allowed), Probe.Describe(result));
            Assert.That(result.Succeeded || result.Errors.Any(), Is.True);
        }, iter: 150, threads: 1);
    }
}
