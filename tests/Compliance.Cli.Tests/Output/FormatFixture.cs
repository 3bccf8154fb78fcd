namespace Compliance.Cli.Tests.Output;

/// <summary>A small rule set with one clause of each effect, and subjects that fail each, for the format tests.</summary>
internal sealed class FormatFixture : IDisposable
{
    public const string Rules = """
        apiVersion: compliance/v1
        contract:
          id: acme
          title: Acme hosting agreement
          parties: [Acme, Contoso]
        clauses:
          - id: azure-only
            section: "2.1"
            title: Stateless calls run on Azure
            text: Stateless calls to Acme models run on Azure.
            appliesTo: call
            when: { vendor: Acme, mode: stateless }
            require: { cloud: Azure }
            message: "call to {model} runs on {cloud}"
            remediation: Route the call through Azure.
          - id: gcp-review
            section: "2.2"
            title: Calls on GCP need review
            text: Calls to Acme models on GCP are reviewed by legal.
            appliesTo: call
            when: { vendor: Acme }
            forbid: { cloud: GCP }
            effect: review
          - id: oci-warning
            title: Calls on OCI are noted
            text: Calls to Acme models on OCI are noted.
            appliesTo: call
            when: { vendor: Acme }
            forbid: { cloud: OCI }
            effect: warning
        """;

    public const string Clean = """{"kind": "call", "id": "clean", "vendor": "Acme", "model": "m1", "mode": "stateless", "cloud": "Azure", "timestamp": "2026-03-01"}""";
    public const string OnAws = """{"kind": "call", "id": "on-aws", "vendor": "Acme", "model": "m1", "mode": "stateless", "cloud": "AWS", "timestamp": "2026-03-01"}""";
    public const string OnGcp = """{"kind": "call", "id": "on-gcp", "vendor": "Acme", "model": "m1", "mode": "stateful", "cloud": "GCP", "timestamp": "2026-03-01"}""";
    public const string OnOci = """{"kind": "call", "id": "on-oci", "vendor": "Acme", "model": "m1", "mode": "stateful", "cloud": "OCI", "timestamp": "2026-03-01"}""";
    public const string Other = """{"kind": "call", "id": "other-vendor", "vendor": "Initech", "model": "m1", "mode": "stateful", "cloud": "OCI", "timestamp": "2026-03-01"}""";
    public const string Invalid = """{"kind": "call", "id": "no-model", "vendor": "Acme", "mode": "stateless", "timestamp": "2026-03-01"}""";

    private readonly TempDirectory _temp = new();

    /// <summary>The fixture's rule set, loaded from <see cref="Rules"/> as <c>rules/acme.yaml</c>.</summary>
    public static RuleSet RuleSet { get; } = new Compliance.Rules.RuleSetLoader().LoadString(Rules, "rules/acme.yaml");

    /// <summary>Judges JSON lines as read from <paramref name="file"/>, for the format classes called directly.</summary>
    public static IEnumerable<Compliance.Verdicts.Verdict> Judge(string file, IEnumerable<string> lines)
    {
        var reader = new Compliance.Rules.Subjects.SubjectReader(RuleSet.Kinds);
        return reader.ReadJsonLines(new StringReader(string.Join("\n", lines) + "\n"), file).Select(input => RuleSet.Evaluate(input)).ToArray();
    }

    public FormatFixture() => RulesPath = _temp.Write("rules/acme.yaml", Rules);

    public string RulesPath { get; }

    public string Root => _temp.Path;

    /// <summary>Writes the lines as a JSON-lines file under the fixture's directory and returns its absolute path.</summary>
    public string Subjects(string name, params string[] lines) => _temp.Write(name, string.Join("\n", lines) + "\n");

    /// <summary>Runs <c>check</c> on the fixture's rules with the fixture's directory as the working directory, so
    /// that report paths are relative to it.</summary>
    public CliRun Check(params string[] options) => CliRun.In(_temp.Path, ["check", "--rules", "rules", .. options]);

    public void Dispose() => _temp.Dispose();
}
