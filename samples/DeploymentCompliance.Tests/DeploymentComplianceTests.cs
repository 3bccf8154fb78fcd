using Compliance;
using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Rules.Subjects;
using Compliance.Subjects;
using Compliance.Verdicts;
using NUnit.Framework;
using Has = Compliance.NUnit.Has;
using Is = Compliance.NUnit.Is;

namespace DeploymentCompliance.Tests;

/// <summary>Every deployment description under <c>deployments/</c> complies with the contract rules under <c>rules/</c>.</summary>
/// <remarks>Each deployment is judged as of its own <c>timestamp</c>, so the tests give the same answer every day.
/// A failing test names the clauses that failed, quoting the contract.</remarks>
public sealed class DeploymentComplianceTests
{
    private static readonly string OutputDirectory = TestContext.CurrentContext.TestDirectory;

    // Load once for the whole run: a loaded rule set is immutable and thread-safe. A wrong rule file fails every
    // test with all the diagnostics (file, line, column, code, message).
    private static readonly Lazy<RuleSet> Rules = new(LoadRules);

    public static IEnumerable<TestCaseData> Deployments()
    {
        var reader = new SubjectReader();
        foreach (var (name, content) in Files("deployments"))
        {
            foreach (var input in reader.ReadDocument(content, name))
            {
                yield return new TestCaseData(input).SetName($"Deployment_Complies({input.Id ?? input.Source})");
            }
        }
    }

    [TestCaseSource(nameof(Deployments))]
    public void Deployment_Complies(SubjectInput deployment)
    {
        var verdict = Rules.Value.Evaluate(deployment);

        // On failure, Compliance.NUnit's message quotes each failing clause: id, section, title and message.
        Assert.That(verdict, Is.Compliant);
    }

    [Test]
    public void Deployments_AreAllRead_OnePerFile()
    {
        Assert.That(Deployments().Count(), Is.EqualTo(Files("deployments").Count()).And.GreaterThan(0));
    }

    /// <summary>A deployment that breaks a clause fails with that clause named.</summary>
    [Test]
    public void FirstPartyProductOnGcp_BreaksAzureHosting()
    {
        var onGcp = new DeploymentSubject
        {
            Id = "chat-assistant-gcp", Product = "ChatGPT", Vendor = "OpenAI", Runtime = RuntimeMode.Stateless, HostCloud = "GCP",
        };

        var verdict = Rules.Value.Evaluate(onGcp, new EvaluationOptions { AsOf = new DateOnly(2026, 3, 1) });

        Assert.That(verdict, Is.Outcome(Outcome.Violation) & Has.Violated("msft-openai/first-party-on-azure"));
    }

    private static RuleSet LoadRules()
    {
        var result = new RuleSetLoader().LoadStrings(Files("rules").Select(file => new RuleSource(file.Name, file.Content)));
        return result.RuleSet ?? throw new RuleSetLoadException(result.Diagnostics);
    }

    /// <summary>The YAML files under a folder of the test output, named relative to it (<c>rules/msft-openai.yaml</c>)
    /// so that messages point into the repository rather than into <c>bin/</c>.</summary>
    private static IEnumerable<(string Name, string Content)> Files(string folder) =>
        Directory.GetFiles(Path.Combine(OutputDirectory, folder), "*.yaml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetRelativePath(OutputDirectory, path).Replace('\\', '/'), File.ReadAllText(path)));
}
