using System.Diagnostics;
using Compliance.Rules.Diagnostics;
using Compliance.Rules.Subjects;
using Compliance.Rules.Yaml;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Security;

/// <summary>Hostile YAML in rule files is refused before anything is built: aliases, depth, size, long values, tags.</summary>
public sealed class YamlLimitTests
{
    /// <summary>The classic "billion laughs": nine levels of nine aliases, about 500 bytes, a billion strings expanded.</summary>
    internal static readonly string AliasBomb = string.Join("\n",
    [
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]",
        .. "bcdefghi".Select((name, i) => $"{name}: &{name} [{string.Join(",", Enumerable.Repeat($"*{"abcdefghi"[i]}", 9))}]"),
    ]) + "\n";

    internal static string FlowSequence(int depth) => new string('[', depth) + new string(']', depth);

    internal static string FlowMap(int depth) => string.Concat(Enumerable.Repeat("{a: ", depth)) + "1" + new string('}', depth);

    internal static string BlockSequence(int depth) => string.Concat(Enumerable.Repeat("- ", depth)) + "x\n";

    /// <summary>Runs the action on a thread with a 256 KB stack: far less than any .NET thread gets, so a reader that
    /// recursed once per level of 100,000 would overflow it and end the test run.</summary>
    internal static T OnSmallStack<T>(Func<T> action)
    {
        T result = default!;
        var thread = new Thread(() => result = action(), 256 * 1024);
        thread.Start();
        thread.Join();
        return result;
    }

    private static (LoadResult Result, TimeSpan Elapsed) TimedLoad(string text, RuleSetLoaderOptions? options = null)
    {
        var clock = Stopwatch.StartNew();
        var result = OnSmallStack(() => Probe.Load(text, options));
        return (result, clock.Elapsed);
    }

    [OneTimeSetUp]
    public void WarmUp() => Probe.Load("apiVersion: compliance/v1\n");

    [Test]
    public void AliasBomb_IsRefusedAtTheFirstAnchor_InWellUnderASecond()
    {
        Assert.That(AliasBomb.Length, Is.LessThan(500));

        var (result, elapsed) = TimedLoad(AliasBomb);

        Assert.That(Probe.SingleError(result).ToString(), Is.EqualTo(
            "rules/probe.yaml:1:4: error CMP0002: anchors are not allowed in rule files (`&a`) (write the value out in full)"));
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public void AliasWithoutAnchor_IsRefused()
    {
        var error = Probe.SingleError(Probe.Load("apiVersion: compliance/v1\ncontract: *shared\n"));

        Assert.That(error.ToString(), Is.EqualTo(
            "rules/probe.yaml:2:11: error CMP0002: `*shared` begins with `*`, which YAML reads as an alias, which rule files do not allow (write it in quotes: `'*shared'`)"));
    }

    private static IEnumerable<TestCaseData> DeepDocuments()
    {
        yield return new TestCaseData(FlowSequence(100_000), 1, 65).SetName("DeepNesting_FlowSequence_100000Levels");
        yield return new TestCaseData(FlowMap(100_000), 1, 257).SetName("DeepNesting_FlowMap_100000Levels");
        yield return new TestCaseData(BlockSequence(100_000), 1, 129).SetName("DeepNesting_BlockSequence_100000Levels");
        yield return new TestCaseData("apiVersion: compliance/v1\ncontract: " + FlowSequence(100_000) + "\n", 2, 74)
            .SetName("DeepNesting_InsideARuleDocument_100000Levels");
        yield return new TestCaseData(new string('[', 5_000_000), 1, 65).SetName("DeepNesting_UnclosedFlow_5MB");
    }

    [TestCaseSource(nameof(DeepDocuments))]
    public void DeepNesting_IsRefusedAtTheFirstLevelPastTheLimit_InWellUnderASecond(string text, int line, int column)
    {
        var (result, elapsed) = TimedLoad(text);

        Assert.That(Probe.SingleError(result).ToString(), Is.EqualTo(
            $"rules/probe.yaml:{line}:{column}: error CMP0003: the document nests deeper than the limit of 64 levels"));
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public void NestingAtTheLimit_IsRead_AndOneMoreLevelIsRefused()
    {
        var limits = new RuleSetLoaderOptions { Limits = new YamlLimits { MaxDepth = 10 } };

        var atLimit = Probe.Load("a: " + FlowSequence(9), limits);
        var pastLimit = Probe.Load("a: " + FlowSequence(10), limits);

        Assert.That(atLimit.Errors.Select(e => e.Code), Does.Not.Contain(DiagnosticCodes.YamlTooDeep), Probe.Describe(atLimit));
        Assert.That(Probe.SingleError(pastLimit).ToString(), Is.EqualTo(
            "rules/probe.yaml:1:13: error CMP0003: the document nests deeper than the limit of 10 levels"));
    }

    [Test]
    public void FileLargerThanTheLimit_IsRefusedBeforeParsing()
    {
        var text = "apiVersion: compliance/v1\n" + new string('#', 5 * 1024 * 1024) + "\n";

        var (result, elapsed) = TimedLoad(text);

        Assert.That(Probe.SingleError(result).ToString(), Is.EqualTo(
            "rules/probe.yaml:1:1: error CMP0004: the file is larger than the limit of 5242880 bytes"));
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public void FileOnDiskLargerThanTheLimit_IsRefusedWithoutReadingIt()
    {
        var directory = Directory.CreateTempSubdirectory("compliance-security-");
        try
        {
            var path = Path.Combine(directory.FullName, "big.yaml");
            File.WriteAllText(path, "apiVersion: compliance/v1\n" + new string('#', 2000) + "\n");
            var loader = new RuleSetLoader(new RuleSetLoaderOptions { Limits = new YamlLimits { MaxFileBytes = 1000 } });

            var result = loader.LoadFiles([path]);

            var error = Probe.SingleError(result);
            Assert.That((error.Code, error.Line, error.Column, error.Message),
                Is.EqualTo((DiagnosticCodes.FileTooLarge, 1, 1, "the file is larger than the limit of 1000 bytes")));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public void ValueLongerThanTheLimit_IsRefusedAtTheValue()
    {
        var text = Probe.Condition("{ cloud: Azure }").Replace("text: The probe clause.", "text: " + new string('x', 70_000), StringComparison.Ordinal);

        var error = Probe.SingleError(Probe.Load(text));

        Assert.That(error.ToString(), Is.EqualTo("rules/probe.yaml:9:11: error CMP0005: a value is longer than the limit of 65536 characters"));
    }

    [TestCase("contract: !System.IO.FileInfo /etc/passwd", 11, "!System.IO.FileInfo")]
    [TestCase("contract: !!python/object:os.system echo", 11, "!!python/object:os.system")]
    [TestCase("contract: !!python/object/apply:os.system [\"id\"]", 11, "!!python/object/apply:os.system")]
    [TestCase("contract: !<tag:example.com,2026:shell> x", 11, "tag:example.com,2026:shell")]
    [TestCase("contract: !!binary aGVsbG8=", 11, "!!binary")]
    [TestCase("contract: !!set { a, b }", 11, "!!set")]
    public void TagOutsideTheCoreSchema_IsRefusedAtTheTag(string line, int column, string shown)
    {
        var error = Probe.SingleError(Probe.Load("apiVersion: compliance/v1\n" + line + "\n"));

        Assert.That(error.ToString(), Is.EqualTo(
            $"rules/probe.yaml:2:{column}: error CMP0006: the YAML tag `{shown}` is not allowed (remove the tag; rule files use plain values)"));
    }

    [Test]
    public void CoreSchemaTags_AreAccepted()
    {
        var text = Probe.Condition("{ cloud: !!str Azure }").Replace("title: Probe", "title: !!str Probe", StringComparison.Ordinal);

        var result = Probe.Load(text);

        Assert.That(result.Succeeded, Is.True, Probe.Describe(result));
    }

    [Test]
    public void LoaderOptionsOutOfRange_AreRefusedTogether_WhenTheLoaderIsMade()
    {
        var options = new RuleSetLoaderOptions
        {
            RegexTimeout = TimeSpan.Zero,
            Limits = new YamlLimits { MaxDepth = 100_000, MaxFileBytes = 0, MaxScalarLength = -1 },
        };

        var exception = Assert.Throws<ArgumentException>(() => _ = new RuleSetLoader(options));

        Assert.That(exception!.Message, Does.StartWith(
            "RuleSetLoaderOptions.RegexTimeout must be positive and at most 24.20:31:23.6460000, not 00:00:00; "
            + "RuleSetLoaderOptions.Limits.MaxFileBytes must be at least 1, not 0; "
            + "RuleSetLoaderOptions.Limits.MaxDepth must be from 1 to 1000, not 100000; "
            + "RuleSetLoaderOptions.Limits.MaxScalarLength must be at least 1, not -1"));
    }

    [Test]
    public void InfiniteRegexTimeout_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => _ = new RuleSetLoader(new RuleSetLoaderOptions { RegexTimeout = Timeout.InfiniteTimeSpan }));
    }

    [Test]
    public void SubjectReaderOptionsOutOfRange_AreRefusedTogether_WhenTheReaderIsMade()
    {
        var options = new SubjectReaderOptions { MaxLineLength = 0, MaxDepth = 0, MaxFileBytes = -5 };

        var exception = Assert.Throws<ArgumentException>(() => _ = new SubjectReader(options: options));

        Assert.That(exception!.Message, Does.StartWith(
            "SubjectReaderOptions.MaxLineLength must be at least 1, not 0; "
            + "SubjectReaderOptions.MaxDepth must be from 1 to 1000, not 0; "
            + "SubjectReaderOptions.MaxFileBytes must be at least 1, not -5"));
    }

    /// <summary>Found by the property tests: YamlDotNet's scanner throws an <see cref="InvalidOperationException"/>,
    /// not a YAML error, on this input.</summary>
    [TestCase(": {\n2")]
    [TestCase("apiVersion: compliance/v1\ncontract: {\n2")]
    public void InputThatBreaksTheYamlScanner_IsASyntaxError_NotAnException(string text)
    {
        var error = Probe.SingleError(Probe.Load(text));

        Assert.That((error.Code, error.Message), Is.EqualTo((DiagnosticCodes.YamlSyntax, "malformed YAML after this point")));
    }
}
