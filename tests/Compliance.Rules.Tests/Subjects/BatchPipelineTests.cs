using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Compliance.Evaluation;
using Compliance.Rules.Subjects;
using Compliance.Subjects;
using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Subjects;

/// <summary>The public batch pipeline, <c>SubjectReader.ReadBatches</c> → <c>RuleSet.EvaluateBatches</c> →
/// <c>VerdictJsonWriter</c>, which <c>compliance check</c> is made of: the same verdicts, in the same order, as one subject
/// at a time.</summary>
public class BatchPipelineTests
{
    private static readonly EvaluationOptions On20260301 = new() { AsOf = new DateOnly(2026, 3, 1) };

    private static readonly Lazy<RuleSet> Rules = new(() => new RuleSetLoader().LoadString("""
        apiVersion: compliance/v1
        contract:
          id: acme
          title: Acme master agreement
        clauses:
          - id: stateless-on-azure
            title: Stateless calls run on Azure
            text: Stateless calls are served from Azure.
            appliesTo: call
            when: { vendor: OpenAI, mode: stateless }
            require: { cloud: Azure }
        """));

    private DirectoryInfo _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("compliance-batch-");

    [TearDown]
    public void TearDown() => _folder.Delete(recursive: true);

    /// <summary>A folder with a JSON-lines file of 1,000 lines (some blank, some malformed, more than one raw batch) and a
    /// YAML file.</summary>
    private string Inputs()
    {
        var lines = new StringBuilder();
        for (var i = 0; i < 1000; i++)
        {
            lines.Append(i % 97 == 0 ? "\n" : i % 89 == 0 ? "{\"kind\": \"call\", \n" :
                $"{{\"kind\":\"call\",\"id\":\"c{i}\",\"vendor\":\"OpenAI\",\"model\":\"gpt-5\",\"mode\":\"{(i % 3 == 0 ? "stateful" : "stateless")}\",\"cloud\":\"{(i % 5 == 0 ? "AWS" : "Azure")}\"}}\n");
        }

        File.WriteAllText(Path.Combine(_folder.FullName, "a.jsonl"), lines.ToString());
        File.WriteAllText(Path.Combine(_folder.FullName, "b.yaml"), "kind: call\nid: y1\nvendor: OpenAI\nmodel: gpt-5\nmode: stateless\ncloud: AWS\n");
        return _folder.FullName;
    }

    private static string[] Sequential(string path) =>
        new SubjectReader(Rules.Value.Kinds).ReadPath(path).Select(i => VerdictJson.Serialize(Rules.Value.Evaluate(i, On20260301))).ToArray();

    [TestCase(1)]
    [TestCase(4)]
    public void EvaluateBatches_OverReadBatches_EqualsOneSubjectAtATime_InInputOrder(int degree)
    {
        var path = Inputs();
        var batches = new SubjectReader(Rules.Value.Kinds).ReadBatches(path);

        var verdicts = Rules.Value.EvaluateBatches(batches, On20260301 with { MaxDegreeOfParallelism = degree })
            .Select(v => VerdictJson.Serialize(v)).ToArray();

        Assert.That(verdicts, Is.EqualTo(Sequential(path)));
        Assert.That(verdicts, Has.Length.EqualTo(1000 - 11 + 1), "blank lines give no verdict; the YAML file gives one");
    }

    [TestCase(VerdictDetail.Full)]
    [TestCase(VerdictDetail.Failing)]
    public void EvaluateBatches_WithTheJsonLinesWriter_EncodesEachBatchOnce_AsTheLinesOfSerialize(VerdictDetail detail)
    {
        var path = Inputs();
        var writer = new VerdictJsonWriter(detail);
        var encoded = 0;
        var output = new MemoryStream();
        var summary = VerdictSummary.Empty;
        var batchCount = 0;
        foreach (var batch in Rules.Value.EvaluateBatches(new SubjectReader(Rules.Value.Kinds).ReadBatches(path), verdicts =>
        {
            Interlocked.Increment(ref encoded);
            return writer.Encode(verdicts);
        }, On20260301 with { MaxDegreeOfParallelism = 4 }))
        {
            using (batch.Encoded)
            {
                Assert.That(batch.Encoded.Count, Is.EqualTo(batch.Verdicts.Count));
                batch.Encoded.WriteTo(output);
            }

            Assert.That(batch.Summary, Is.EqualTo(batch.Verdicts.Aggregate(VerdictSummary.Empty, (s, v) => s.Add(v.Outcome))));
            summary = summary.Plus(batch.Summary);
            batchCount++;
        }

        var expected = new SubjectReader(Rules.Value.Kinds).ReadPath(path).Select(i => Rules.Value.Evaluate(i, On20260301)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(output.ToArray()), Is.EqualTo(string.Concat(expected.Select(v => VerdictJson.Serialize(v, detail) + "\n"))));
            Assert.That(encoded, Is.EqualTo(batchCount));
            Assert.That(batchCount, Is.GreaterThan(2), "the JSON lines file is more than one batch");
            Assert.That(summary, Is.EqualTo(expected.Aggregate(VerdictSummary.Empty, (s, v) => s.Add(v.Outcome))));
            Assert.That(summary, Is.EqualTo(VerdictSummary.Of(expected)));
        });
    }

    [Test]
    public void EvaluateBatches_EncoderThrows_TheExceptionSurfacesAsItself_AfterTheBatchesBeforeIt()
    {
        var batches = Enumerable.Range(0, 10).Select(i => new SubjectBatch([new SubjectInput { Source = $"b:{i}", Errors = [new SubjectError(null, "bad")] }]));
        var seen = new List<string?>();

        var thrown = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var batch in Rules.Value.EvaluateBatches(batches, v => v[0].Source == "b:6" ? throw new InvalidOperationException("encoder") : v[0].Source,
                On20260301 with { MaxDegreeOfParallelism = 2 }))
            {
                seen.Add(batch.Encoded);
            }
        });

        Assert.That(thrown!.Message, Is.EqualTo("encoder"));
        Assert.That(seen, Is.EqualTo(new[] { "b:0", "b:1", "b:2", "b:3", "b:4", "b:5" }));
    }

    [Test]
    public void SubjectBatch_OfRawLines_ReadTwice_GivesTheSameSubjects()
    {
        var file = Path.Combine(_folder.FullName, "calls.jsonl");
        File.WriteAllText(file, "{\"kind\":\"call\",\"id\":\"a\",\"vendor\":\"OpenAI\",\"model\":\"m\",\"mode\":\"stateless\",\"cloud\":\"AWS\"}\n\n");
        var batch = new SubjectReader().ReadBatches(file).Single();

        var first = batch.Read();
        var second = batch.Read();

        Assert.That(batch.Count, Is.EqualTo(2), "two lines, one blank");
        Assert.That(first.Select(i => i.Source), Is.EqualTo(new[] { $"{file}:1" }));
        Assert.That(second, Is.SameAs(first));
    }

    [Test]
    public void SubjectBatch_OfSubjects_CopiesThem_AndCannotBeWrittenThroughItsList()
    {
        var inputs = new List<SubjectInput> { new() { Source = "x:1" } };
        var batch = new SubjectBatch(inputs);
        inputs.Add(new SubjectInput { Source = "x:2" });

        Assert.That(batch.Read().Select(i => i.Source), Is.EqualTo(new[] { "x:1" }));
        Assert.That(() => ((IList<SubjectInput>)batch.Read())[0] = new SubjectInput(), Throws.TypeOf<NotSupportedException>());
    }

    [Test]
    public void VerdictLines_WrittenToATextWriter_AreTheDecodedLines_AndCannotBeReadOnceDisposed()
    {
        var verdict = Rules.Value.Evaluate(new SubjectInput { Source = "é:1", Errors = [new SubjectError(null, "ünreadable")] }, On20260301);
        var lines = new VerdictJsonWriter().Encode([verdict, verdict]);
        var text = new StringWriter();

        lines.WriteTo(text);
        lines.Dispose();

        Assert.That(text.ToString(), Is.EqualTo($"{VerdictJson.Serialize(verdict)}\n{VerdictJson.Serialize(verdict)}\n"));
        Assert.That(() => lines.Utf8.Length, Throws.TypeOf<ObjectDisposedException>());
        Assert.That(() => lines.WriteTo(new MemoryStream()), Throws.TypeOf<ObjectDisposedException>());
        Assert.That(lines.Dispose, Throws.Nothing, "disposing twice does nothing");
    }

    /// <summary>The command line needs nothing a library user cannot call: the libraries show it no internals.</summary>
    [TestCase(typeof(RuleSet))]
    [TestCase(typeof(RuleSetLoader))]
    public void Library_GrantsTheCommandLineNoInternals(Type inLibrary)
    {
        var friends = inLibrary.Assembly.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).ToArray();

        Assert.That(friends, Is.Not.Empty, "the test projects are friends");
        Assert.That(friends, Has.None.EqualTo("compliance").And.None.EqualTo("Compliance.Cli"));
    }
}
