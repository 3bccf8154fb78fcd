using NUnit.Framework;
using Snapshooter.NUnit;

namespace Compliance.Cli.Tests.Output;

/// <summary>Every report format of <c>check</c> over the bundled rules and samples, as CI runs it from the repository root.</summary>
/// <remarks>Every sample subject has a timestamp, so the verdicts do not depend on the day the tests run.</remarks>
public sealed class FormatSnapshotTests
{
    [TestCase("text")]
    [TestCase("json")]
    [TestCase("jsonl")]
    [TestCase("sarif")]
    [TestCase("junit")]
    [TestCase("github")]
    [TestCase("markdown")]
    [TestCase("codequality")]
    public void BundledRulesOverSamples_MatchSnapshot(string format)
    {
        var run = CliRun.AtRepoRoot(["check", "--rules", "rules", "--input", "samples/subjects", "--format", format], environment: FixedClock.Environment);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stderr, Is.Empty);
        Snapshot.Match(run.Stdout);
    }

    [TestCase("sarif")]
    [TestCase("junit")]
    [TestCase("github")]
    [TestCase("markdown")]
    [TestCase("codequality")]
    public void Output_WritesTheSameReportToAFileAsToStandardOutput(string format)
    {
        using var temp = new TempDirectory();
        var file = temp.Combine("report");

        var toStdout = CliRun.AtRepoRoot(["check", "--rules", "rules", "--input", "samples/subjects", "--format", format], environment: FixedClock.Environment);
        var toFile = CliRun.AtRepoRoot(["check", "--rules", "rules", "--input", "samples/subjects", "--format", format, "--output", file], environment: FixedClock.Environment);

        Assert.That(toFile.ExitCode, Is.EqualTo(toStdout.ExitCode), toFile.ToString());
        Assert.That(toFile.Stdout, Is.Empty);
        Assert.That(File.ReadAllText(file), Is.EqualTo(toStdout.Stdout));
    }
}
