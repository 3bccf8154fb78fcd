using Compliance.Cli.Output;
using NUnit.Framework;

namespace Compliance.Cli.Tests.Output;

public sealed class ReportPathsTests
{
    private static readonly string WorkingDirectory = Path.Combine(Path.GetTempPath(), "work", "repo");

    [TestCase("samples/calls.jsonl:4", "samples/calls.jsonl", 4)]
    [TestCase("-:12", "-", 12)]
    [TestCase("a:b/calls.jsonl:7", "a:b/calls.jsonl", 7)]
    [TestCase("no-line.yaml", "no-line.yaml", null)]
    [TestCase("odd:name", "odd:name", null)]
    public void SourcePosition_SplitsAtTheLastColonBeforeDigits(string source, string file, int? line) =>
        Assert.That(SourcePosition.Parse(source), Is.EqualTo(new SourcePosition(file, line)));

    [Test]
    public void Display_KeepsARelativePath_WithForwardSlashes()
    {
        var paths = new ReportPaths(WorkingDirectory);

        Assert.That(paths.Display("samples/subjects/calls.jsonl"), Is.EqualTo("samples/subjects/calls.jsonl"));
        Assert.That(paths.Display(@"samples\subjects\calls.jsonl"), Is.EqualTo("samples/subjects/calls.jsonl"));
    }

    [TestCase("./samples/calls.jsonl", "samples/calls.jsonl")]
    [TestCase("././samples/calls.jsonl", "samples/calls.jsonl")]
    [TestCase("../elsewhere/calls.jsonl", "../elsewhere/calls.jsonl")]
    public void Display_DropsALeadingDotSlash_AndKeepsAPathAbove(string path, string display) =>
        Assert.That(new ReportPaths(WorkingDirectory).Display(path), Is.EqualTo(display));

    [TestCase("rules/msft-openai.yaml", "rules/msft-openai.yaml")]
    [TestCase("./rules/a.yaml", "rules/a.yaml")]
    [TestCase("rules/my rules/a b.yaml", "rules/my%20rules/a%20b.yaml")]
    [TestCase("rules/100%.yaml", "rules/100%25.yaml")]
    public void Uri_OfARelativePath_StaysRelative_WithEachSegmentEscaped(string path, string uri) =>
        Assert.That(new ReportPaths(WorkingDirectory).Uri(path), Is.EqualTo(uri));

    [Test]
    public void AbsolutePathUnderTheWorkingDirectory_BecomesRelative()
    {
        var paths = new ReportPaths(WorkingDirectory);

        Assert.That(paths.Display(Path.Combine(WorkingDirectory, "samples", "calls.jsonl")), Is.EqualTo("samples/calls.jsonl"));
        Assert.That(paths.Uri(Path.Combine(WorkingDirectory, "samples", "my calls.jsonl")), Is.EqualTo("samples/my%20calls.jsonl"));
    }

    [Test]
    public void AbsolutePathElsewhere_StaysAbsolute_AndIsAFileUri()
    {
        var paths = new ReportPaths(WorkingDirectory);
        var elsewhere = Path.Combine(Path.GetTempPath(), "work", "other", "calls.jsonl");

        Assert.That(paths.Display(elsewhere), Is.EqualTo(elsewhere.Replace('\\', '/')));
        Assert.That(paths.Uri(elsewhere), Is.EqualTo(new Uri(elsewhere).AbsoluteUri));
        Assert.That(paths.Uri(elsewhere), Does.StartWith("file:///"));
    }
}
