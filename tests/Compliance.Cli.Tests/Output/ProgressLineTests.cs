using NUnit.Framework;

namespace Compliance.Cli.Tests.Output;

public sealed class ProgressLineTests
{
    private FormatFixture _fixture = null!;
    private string _input = null!;

    [SetUp]
    public void SetUp()
    {
        _fixture = new FormatFixture();
        _input = _fixture.Subjects("calls.jsonl", FormatFixture.Clean, FormatFixture.OnAws);
    }

    [TearDown]
    public void TearDown() => _fixture.Dispose();

    /// <summary>A clock that moves on by a fixed step each time it is read, in milliseconds.</summary>
    private sealed class SteppingClock(long stepMilliseconds) : TimeProvider
    {
        private long _now;

        public override long TimestampFrequency => 1000;

        public override long GetTimestamp() => Interlocked.Add(ref _now, stepMilliseconds) - stepMilliseconds;
    }

    private CliRun Check(CliEnvironment environment, params string[] options) =>
        CliRun.Of(["check", "--rules", _fixture.RulesPath, "--input", _input, .. options], environment: environment);

    [Test]
    public void StandardErrorATerminal_ReportRedirected_ShowsCountAndRate_AndEndsTheLine()
    {
        var run = Check(new CliEnvironment { ErrorIsTerminal = true, OutputIsTerminal = false, TimeProvider = new SteppingClock(300) });

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stderr, Is.EqualTo("\r1 subject, 3/s\r2 subjects, 3/s\r2 subjects, 2/s\n"));
    }

    [Test]
    public void StandardErrorNotATerminal_WritesNothingToIt_AndTheReportIsTheSame()
    {
        var clock = new SteppingClock(300);
        var terminal = Check(new CliEnvironment { ErrorIsTerminal = true, OutputIsTerminal = false, TimeProvider = clock }, "--format", "json");
        var redirected = Check(new CliEnvironment { ErrorIsTerminal = false, OutputIsTerminal = false, TimeProvider = clock }, "--format", "json");

        Assert.That(terminal.Stderr, Is.Not.Empty, "the progress line was shown on the terminal");
        Assert.That(redirected.Stderr, Is.Empty);
        Assert.That(redirected.Stdout, Is.EqualTo(terminal.Stdout));
        Assert.That(redirected.ExitCode, Is.EqualTo(terminal.ExitCode));
    }

    [Test]
    public void ReportOnTheSameTerminal_ShowsNoProgress_UnlessItGoesToAFile()
    {
        var environment = new CliEnvironment { ErrorIsTerminal = true, OutputIsTerminal = true, TimeProvider = new SteppingClock(300) };
        var report = _fixture.Subjects("report.txt");

        var toScreen = Check(environment);
        var toFile = Check(environment, "--output", report);

        Assert.That(toScreen.Stderr, Is.Empty);
        Assert.That(toScreen.Stdout, Does.StartWith("rules: "));
        Assert.That(toFile.Stderr, Does.EndWith("2 subjects, 2/s\n"));
    }

    [Test]
    public void BatchDoneWithinTheFirstInterval_ShowsNothing()
    {
        var run = Check(new CliEnvironment { ErrorIsTerminal = true, TimeProvider = new SteppingClock(1) });

        Assert.That(run.Stderr, Is.Empty);
    }

    [Test]
    public void UpdatesAtMostEveryQuarterSecond()
    {
        _input = _fixture.Subjects("many.jsonl", Enumerable.Repeat(FormatFixture.Clean, 10).ToArray());

        var run = Check(new CliEnvironment { ErrorIsTerminal = true, TimeProvider = new SteppingClock(100) });

        Assert.That(run.Stderr, Is.EqualTo("\r3 subjects, 10/s\r6 subjects, 10/s\r9 subjects, 10/s\r10 subjects, 9/s\n"));
    }
}
