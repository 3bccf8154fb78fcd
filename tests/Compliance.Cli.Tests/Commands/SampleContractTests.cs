using NUnit.Framework;
using Snapshooter.NUnit;

namespace Compliance.Cli.Tests.Commands;

/// <summary>The sample agreement in <c>samples/contracts/northwind-data</c>: its tests pass and cover every clause, and the
/// catalogue reads each clause back against its paragraph, with the defined terms by name and by value.</summary>
public sealed class SampleContractTests
{
    private const string Sample = "samples/contracts/northwind-data";

    [Test]
    public void Test_SampleContract_PassesWithFullCoverage()
    {
        var run = CliRun.AtRepoRoot(["test", "--rules", Sample, "--min-coverage", "100"]);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Stdout + run.Stderr);
            Assert.That(run.Stdout, Does.Contain("coverage: 4/4 clauses (100%)"));
            Assert.That(run.Stdout, Does.EndWith("11 passed, 0 failed\n"));
        });
    }

    [Test]
    public void Docs_SampleContract_RendersDefinitionsDatedCarveOutAndThrough()
    {
        var run = CliRun.AtRepoRoot(["docs", "--rules", Sample, "--as-of", "2026-03-01"]);

        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        Assert.Multiple(() =>
        {
            Assert.That(run.Stdout, Does.Contain("- EU Regions (`northwind-data/eu-regions`, section 1.1, `samples/contracts/northwind-data/contract.yaml:11`) means westeurope, northeurope and swedencentral."));
            Assert.That(run.Stdout, Does.Contain("- Requires `region` to be one of the EU Regions (westeurope, northeurope and swedencentral)."));
            Assert.That(run.Stdout, Does.Contain("- Requires `vendor` to be one of the Approved Vendors (OpenAI, Microsoft and NVIDIA)."));
            Assert.That(run.Stdout, Does.Contain("- In effect from 2026-01-01 through 2028-12-31 (inclusive)."));
            Assert.That(run.Stdout, Does.Contain("It exists only through 2027-06-30 (inclusive); on other dates the clause is judged as if it were not written."));
            Assert.That(run.Stdout, Does.Contain("#### Exception 3.1(b): batch-migration"));
            Assert.That(run.Stdout, Does.Contain("- Tests that show where it does not apply (2):"));
        });
        Snapshot.Match(run.Stdout);
    }

    [Test]
    public void Explain_SampleContract_ShowsTermsByNameAndTheCarveOutOutsideItsWindow()
    {
        using var temp = new TempDirectory();
        var input = temp.Combine("batch.jsonl");
        File.WriteAllText(input, """
            {"kind":"call","id":"care-batch-2","customer":"Northwind","vendor":"OpenAI","model":"gpt-5","mode":"stateless","cloud":"Azure","region":"eastus","tags":{"patientData":"true","batch":"true"},"timestamp":"2027-07-01"}
            """ + "\n");

        var run = CliRun.AtRepoRoot(["explain", "--rules", Sample, "--input", input]);

        Assert.Multiple(() =>
        {
            Assert.That(run.Stdout, Does.Contain("\n      true   is northwind-data/patient-workload (Patient Workload)\n"));
            Assert.That(run.Stdout, Does.Contain("\n      false  region in $northwind-data/eu-regions [westeurope, northeurope, swedencentral]  (actual: eastus)\n"));
            Assert.That(run.Stdout, Does.Contain("\n    exception batch-migration: effective through 2027-06-30, not on 2027-07-01\n"));
            Assert.That(run.Stdout, Does.Contain("\n      true   vendor in $northwind-msa/approved-vendors [OpenAI, Microsoft, NVIDIA]  (actual: OpenAI)\n"));
        });
    }
}
