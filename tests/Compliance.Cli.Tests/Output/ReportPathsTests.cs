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
