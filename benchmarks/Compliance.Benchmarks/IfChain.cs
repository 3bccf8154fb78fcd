using Compliance.Subjects;
using Compliance.Verdicts;

namespace Compliance.Benchmarks;

/// <summary>What the hand-written if-chain decides for a subject: the outcome, and each clause that applied with its status.</summary>
internal sealed record HandVerdict(Outcome Outcome, (string Id, ClauseStatus Status)[] Clauses);

/// <summary>The twenty clauses of <see cref="Generate.Twenty"/>, written by hand as plain C#: the floor for what judging them
/// can cost. Same statuses and outcome as the engine (the benchmarks check that before timing).</summary>
internal static class IfChain
{
    private static readonly DateOnly C10From = new(2025, 10, 28);

    public static HandVerdict Judge(object subject, DateOnly asOf) => subject switch
    {
        CallSubject call => Judge(call, asOf),
        DeploymentSubject deployment => Judge(deployment),
        _ => throw new ArgumentException("not a call or a deployment", nameof(subject)),
    };

    private static HandVerdict Judge(CallSubject s, DateOnly asOf)
    {
        var results = new Results();
        var openAi = Eq(s.Vendor, "OpenAI");
        if (openAi && s.Mode == RuntimeMode.Stateless)
        {
            results.Add("generated-00/c01-azure-stateless", Eq(s.Cloud, "Azure") ? ClauseStatus.Satisfied
                : s.Tags.TryGetValue("purpose", out var purpose) && Eq(purpose, "safety-research") ? ClauseStatus.Exempt
                : ClauseStatus.Violated, Severity.Violation);
        }

        if (openAi && Eq(s.Cloud, "Azure") && s.Endpoint is not null)
        {
            results.Add("generated-00/c02-azure-endpoint", Eq(s.Region, "eastus") ? ClauseStatus.Satisfied : ClauseStatus.Violated, Severity.Warning);
        }

        if (Eq(s.Vendor, "Anthropic"))
        {
            results.Add("generated-00/c03-anthropic-clouds", Eq(s.Cloud, "AWS") || Eq(s.Cloud, "GCP") ? ClauseStatus.Satisfied : ClauseStatus.Violated,
                Severity.Violation);
        }

        if (Eq(s.Vendor, "Mistral"))
        {
            results.Add("generated-00/c04-mistral-eu", Eq(s.Region, "westeurope") || Eq(s.Region, "eu-west-1") ? ClauseStatus.Satisfied
                : ClauseStatus.Violated, Severity.Violation);
        }

        if (Eq(s.Vendor, "Google"))
        {
            results.Add("generated-00/c05-google-gcp", Eq(s.Cloud, "GCP") ? ClauseStatus.Satisfied : ClauseStatus.Violated, Severity.Violation);
        }

        if (openAi)
        {
            results.Add("generated-00/c06-token-budget", s.Tokens is <= 100000 ? ClauseStatus.Satisfied : ClauseStatus.Violated, Severity.Review);
        }

        results.Add("generated-00/c07-no-oci", Eq(s.Cloud, "OCI") ? ClauseStatus.Violated : ClauseStatus.Satisfied, Severity.Warning);
        if (openAi && s.Mode == RuntimeMode.Stateful)
        {
            results.Add("generated-00/c08-stateful-calls", Eq(s.Cloud, "Azure") || Eq(s.Cloud, "AWS") ? ClauseStatus.Satisfied : ClauseStatus.Violated,
                Severity.Violation);
        }

        if (Eq(s.Customer, "contoso"))
        {
            results.Add("generated-00/c09-customer-region", Eq(s.Region, "eastus") || Eq(s.Region, "us-east-1") ? ClauseStatus.Satisfied
                : ClauseStatus.Violated, Severity.Violation);
        }

        if (asOf >= C10From && Eq(s.Region, "asia-east1"))
        {
            results.Add("generated-00/c10-asia-review", openAi || Eq(s.Vendor, "Anthropic") ? ClauseStatus.Violated : ClauseStatus.Satisfied,
                Severity.Review);
        }

        return results.Verdict();
    }

    private static HandVerdict Judge(DeploymentSubject s)
    {
        var results = new Results();
        var openAi = Eq(s.Vendor, "OpenAI");
        var stateful = s.Runtime == RuntimeMode.Stateful;
        var frontier = Eq(s.Product, "Frontier");
        if (openAi && (Eq(s.Product, "ChatGPT") || Eq(s.Product, "Codex") || Eq(s.Product, "Sora")))
        {
            results.Add("generated-00/d01-first-party-azure", Eq(s.HostCloud, "Azure") ? ClauseStatus.Satisfied : ClauseStatus.Violated,
                Severity.Violation);
        }

        if (openAi && stateful)
        {
            results.Add("generated-00/d02-stateful-hosts", Eq(s.HostCloud, "Azure") || Eq(s.HostCloud, "AWS") ? ClauseStatus.Satisfied
                : ClauseStatus.Violated, Severity.Violation);
        }

        if (frontier)
        {
            results.Add("generated-00/d03-frontier-stateful", stateful ? ClauseStatus.Satisfied : ClauseStatus.Violated, Severity.Violation);
        }

        if (openAi && frontier && s.Distributor is not null)
        {
            results.Add("generated-00/d04-frontier-distributor", Eq(s.Distributor, "AWS") || Eq(s.Distributor, "OpenAI") ? ClauseStatus.Satisfied
                : Eq(s.Distributor, "Microsoft") ? ClauseStatus.Exempt : ClauseStatus.Violated, Severity.Violation);
        }

        if (frontier)
        {
            results.Add("generated-00/d05-frontier-not-api", s.SoldAsApi ? ClauseStatus.Violated : ClauseStatus.Satisfied, Severity.Violation);
        }

        if (openAi && s.Partners.Count > 0)
        {
            var permitted = true;
            foreach (var partner in s.Partners)
            {
                permitted &= Eq(partner, "Microsoft") || Eq(partner, "SoftBank") || Eq(partner, "NVIDIA") || Eq(partner, "Amazon");
            }

            results.Add("generated-00/d06-partners", permitted ? ClauseStatus.Satisfied : ClauseStatus.Violated, Severity.Violation);
        }

        if (openAi && stateful && Eq(s.HostCloud, "AWS"))
        {
            results.Add("generated-00/d07-capacity", s.CapacityMw > 2000 ? ClauseStatus.Violated : ClauseStatus.Satisfied, Severity.Warning);
        }

        if (openAi && stateful)
        {
            var outside = false;
            foreach (var call in s.Calls)
            {
                outside |= Eq(call.Vendor, "OpenAI") && call.Mode == RuntimeMode.Stateless && !Eq(call.Cloud, "Azure");
            }

            results.Add("generated-00/d08-runtime-calls", outside ? ClauseStatus.Violated : ClauseStatus.Satisfied, Severity.Review);
        }

        if (Eq(s.Product, "Stargate"))
        {
            results.Add("generated-00/d09-stargate-hosts", Eq(s.HostCloud, "Azure") || Eq(s.HostCloud, "OCI") ? ClauseStatus.Satisfied
                : ClauseStatus.Violated, Severity.Violation);
        }

        if (openAi)
        {
            results.Add("generated-00/d10-no-gcp-hosting", Eq(s.HostCloud, "GCP") ? ClauseStatus.Violated : ClauseStatus.Satisfied, Severity.Violation);
        }

        return results.Verdict();
    }

    private static bool Eq(string? actual, string expected) => string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase);

    private enum Severity
    {
        Violation,
        Review,
        Warning,
    }

    [ThreadStatic]
    private static (string, ClauseStatus)[]? _buffer;

    /// <summary>The clauses that applied, in order, and the outcome so far.</summary>
    private struct Results()
    {
        private readonly (string, ClauseStatus)[] _clauses = _buffer ??= new (string, ClauseStatus)[10];
        private int _count;
        private Outcome _outcome = Outcome.NotApplicable;

        public void Add(string id, ClauseStatus status, Severity severity)
        {
            _clauses[_count++] = (id, status);
            var contribution = status != ClauseStatus.Violated ? Outcome.Compliant
                : severity == Severity.Review ? Outcome.Review
                : severity == Severity.Warning ? Outcome.Warning
                : Outcome.Violation;
            if (contribution < _outcome)
            {
                _outcome = contribution;
            }
        }

        public readonly HandVerdict Verdict() => new(_outcome, _clauses.AsSpan(0, _count).ToArray());
    }
}
