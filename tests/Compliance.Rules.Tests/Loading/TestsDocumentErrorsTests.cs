using Compliance.Rules.Diagnostics;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Loading;

/// <summary><see cref="RuleSetLoaderOptions.TestErrorsStopLoad"/>: errors in <c>tests</c> documents set apart, so that a rule
/// set can judge without its tests (SPEC §3), while a file that is not a document and every other error still stop it.</summary>
public class TestsDocumentErrorsTests
{
    private const string Rules = """
        apiVersion: compliance/v1
        contract: { id: acme, title: Acme }
        clauses:
          - id: azure-only
            title: Calls run on Azure
            text: Calls are served from Azure.
            appliesTo: call
            require: { cloud: Azure }
        """;

    private const string GoodTests = """
        apiVersion: compliance/v1
        tests:
          - name: an Azure call is compliant
            subject: { kind: call, model: m1, cloud: Azure }
            expect: { clauses: { acme/azure-only: satisfied } }
        """;

    private static readonly string TypoTests = GoodTests.Replace("acme/azure-only", "acme/azure-onl", StringComparison.Ordinal);

    private const string TypoError = "acme.tests.yaml:5:26: error CMP0038: test `an Azure call is compliant` expects a status for `acme/azure-onl`, which is not a clause (did you mean `acme/azure-only`?)";

    private static LoadResult Load(bool stop, params (string Path, string Content)[] files) =>
        new RuleSetLoader(new RuleSetLoaderOptions { TestErrorsStopLoad = stop })
            .LoadStrings([new RuleSource("acme.yaml", Rules), .. files.Select(f => new RuleSource(f.Path, f.Content))]);

    [Test]
    public void TestErrorsStopLoad_IsTrueByDefault() =>
        Assert.That(RuleSetLoaderOptions.Default.TestErrorsStopLoad, Is.True);

    [Test]
    public void ByDefault_ATestsDocumentError_StopsTheLoad()
    {
        var result = Load(stop: true, ("acme.tests.yaml", TypoTests));

        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.False);
            Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[] { TypoError }));
            Assert.That(result.TestDiagnostics, Is.Empty);
            Assert.That(result.TestsLoaded, Is.False);
            Assert.That(result.Tests, Is.Empty);
        });
    }

    [Test]
    public void SetApart_ATestsDocumentError_LoadsTheRulesWithoutTheTests()
    {
        var result = Load(stop: false, ("acme.tests.yaml", TypoTests), ("more.tests.yaml", GoodTests.Replace("an Azure", "another", StringComparison.Ordinal)));

        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.True);
            Assert.That(result.RuleSet!.Contracts.Single().Clauses.Single().Id, Is.EqualTo("acme/azure-only"));
            Assert.That(result.Diagnostics, Is.Empty, "the tests' diagnostics are set apart");
            Assert.That(result.Errors, Is.Empty);
            Assert.That(result.TestDiagnostics.Select(d => d.ToString()), Is.EqualTo(new[] { TypoError }));
            Assert.That(result.TestsLoaded, Is.False);
            Assert.That(result.Tests, Is.Empty, "no test loads, not even those of a tests document without errors");
        });
    }

    [Test]
    public void SetApart_NoTestsDocumentError_LoadsTheTests()
    {
        var result = Load(stop: false, ("acme.tests.yaml", GoodTests));

        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.True);
            Assert.That(result.TestsLoaded, Is.True);
            Assert.That(result.TestDiagnostics, Is.Empty);
            Assert.That(result.Tests.Select(t => t.Name), Is.EqualTo(new[] { "an Azure call is compliant" }));
        });
    }

    [Test]
    public void SetApart_ATestsDocumentWithTheWrongApiVersion_IsStillATestsDocument()
    {
        var result = Load(stop: false, ("acme.tests.yaml", GoodTests.Replace("compliance/v1", "compliance/v2", StringComparison.Ordinal)));

        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.True);
            Assert.That(result.TestDiagnostics.Select(d => d.Code), Is.EqualTo(new[] { DiagnosticCodes.ApiVersion }));
            Assert.That(result.TestsLoaded, Is.False);
        });
    }

    [Test]
    public void SetApart_ATestsFileThatIsNotYaml_StillStopsTheLoad()
    {
        var result = Load(stop: false, ("acme.tests.yaml", "apiVersion: compliance/v1\ntests:\n  - name: a\n\tsubject: {}\n"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.False);
            Assert.That(result.Diagnostics.Select(d => d.Code), Is.EqualTo(new[] { DiagnosticCodes.YamlSyntax }));
            Assert.That(result.TestDiagnostics, Is.Empty);
        });
    }

    [Test]
    public void SetApart_AFileWithNoKind_StillStopsTheLoad()
    {
        var result = Load(stop: false, ("acme.tests.yaml", "apiVersion: compliance/v1\ntest:\n  - name: a\n"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.False);
            Assert.That(result.Diagnostics.Select(d => d.Code), Does.Contain(DiagnosticCodes.DocumentKind));
            Assert.That(result.TestDiagnostics, Is.Empty);
        });
    }

    [Test]
    public void SetApart_AWaiverError_StillStopsTheLoad()
    {
        var waivers = "apiVersion: compliance/v1\nwaivers:\n  - id: W-1\n    clause: acme/azure-onl\n    reason: A study.\n    expires: 2099-01-01\n";

        var result = Load(stop: false, ("acme.tests.yaml", TypoTests), ("waivers.yaml", waivers));

        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.False);
            Assert.That(result.Diagnostics.Select(d => $"{d.File} {d.Code}"), Is.EqualTo(new[] { $"waivers.yaml {DiagnosticCodes.DanglingWaiver}" }));
            Assert.That(result.TestDiagnostics.Select(d => d.ToString()), Is.EqualTo(new[] { TypoError }));
        });
    }
}
