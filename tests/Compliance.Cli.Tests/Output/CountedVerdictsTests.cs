using Compliance.Cli.Output;
using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Cli.Tests.Output;

/// <summary>The formats count outcomes in one place: the verdicts they are handed, counted as they pass.</summary>
public class CountedVerdictsTests
{
    private static Verdict[] Verdicts() => FormatFixture.Judge("subjects.jsonl",
        [FormatFixture.Clean, FormatFixture.OnAws, FormatFixture.OnGcp, FormatFixture.Other, FormatFixture.Invalid]).ToArray();

    [Test]
    public void The_summary_counts_every_verdict_handed_out_as_the_library_counts_them()
    {
        var verdicts = Verdicts();
        var counted = new CountedVerdicts(verdicts);

        Assert.That(counted.ToArray(), Is.EqualTo(verdicts));
        Assert.That(counted.Summary, Is.EqualTo(VerdictSummary.Of(verdicts)));
    }

    [Test]
    public void The_summary_counts_only_the_verdicts_handed_out_so_far()
    {
        var verdicts = Verdicts();
        var counted = new CountedVerdicts(verdicts);

        var taken = counted.Take(2).ToArray();

        Assert.That(counted.Summary, Is.EqualTo(VerdictSummary.Of(taken)));
        Assert.That(counted.Summary.Subjects, Is.EqualTo(2));
    }

    [TestCase("text")]
    [TestCase("jsonl")]
    [TestCase("sarif")]
    [TestCase("junit")]
    [TestCase("github")]
    [TestCase("codequality")]
    public void Every_format_returns_the_summary_of_the_verdicts_it_wrote(string format)
    {
        var verdicts = Verdicts();
        var options = new FormatOptions { RuleSet = FormatFixture.RuleSet };

        var summary = OutputFormats.Create(format, options).Write(verdicts, new StringWriter());

        Assert.That(summary, Is.EqualTo(VerdictSummary.Of(verdicts)));
    }
}
