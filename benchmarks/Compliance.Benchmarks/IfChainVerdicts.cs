using System.Globalization;
using Compliance.Model;
using Compliance.Subjects;
using Compliance.Verdicts;

namespace Compliance.Benchmarks;

/// <summary>The twenty clauses of <see cref="Generate.Twenty"/> written by hand as C# that builds the same full verdict as
/// the engine: each applicable clause with its status, the facts it read in the order it read them, its message and
/// source. What a hand-written policy costs when it reports as much as the engine does; the benchmarks check its verdicts
/// equal the engine's, down to the JSON.</summary>
internal sealed class IfChainVerdicts
{
    private static readonly DateOnly C10From = new(2025, 10, 28);
    private static readonly object True = true;
    private static readonly object False = false;
    private readonly Dictionary<string, Clause> _clauses;

    public IfChainVerdicts(RuleSet rules) => _clauses = rules.Clauses.ToDictionary(c => c.LocalId);

    public Verdict Judge(object subject, DateOnly asOf) => subject switch
    {
        CallSubject call => Judge(call, asOf),
        DeploymentSubject deployment => Judge(deployment, asOf),
        _ => throw new ArgumentException("not a call or a deployment", nameof(subject)),
    };

    private Verdict Judge(CallSubject s, DateOnly asOf)
    {
        var v = new Builder(this, s.Id ?? "(subject)", "call", asOf);
        var mode = s.Mode switch { RuntimeMode.Stateless => "stateless", RuntimeMode.Stateful => "stateful", _ => null };
        if (Eq(s.Vendor, "OpenAI") && s.Mode == RuntimeMode.Stateless)
        {
            var f = new List<Fact> { new("vendor", s.Vendor), new("mode", mode), new("cloud", s.Cloud) };
            if (Eq(s.Cloud, "Azure"))
            {
                v.Add("c01-azure-stateless", ClauseStatus.Satisfied, f);
            }
            else
            {
                var purpose = s.Tags.TryGetValue("purpose", out var p) ? p : null;
                f.Add(new("tags.purpose", purpose));
                if (Eq(purpose, "safety-research"))
                {
                    v.Add("c01-azure-stateless", ClauseStatus.Exempt, f, exception: "carve-out");
                }
                else
                {
                    v.Violated("c01-azure-stateless", f, s.Id);
                }
            }
        }

        if (Eq(s.Vendor, "OpenAI") && Eq(s.Cloud, "Azure") && s.Endpoint is not null)
        {
            var f = new List<Fact> { new("vendor", s.Vendor), new("cloud", s.Cloud), new("endpoint", s.Endpoint), new("region", s.Region) };
            v.Forbid("c02-azure-endpoint", !Eq(s.Region, "eastus"), f, s.Id);
        }

        if (Eq(s.Vendor, "Anthropic"))
        {
            v.Require("c03-anthropic-clouds", Eq(s.Cloud, "AWS") || Eq(s.Cloud, "GCP"), [new("vendor", s.Vendor), new("cloud", s.Cloud)], s.Id);
        }

        if (Eq(s.Vendor, "Mistral"))
        {
            v.Require("c04-mistral-eu", Eq(s.Region, "westeurope") || Eq(s.Region, "eu-west-1"), [new("vendor", s.Vendor), new("region", s.Region)], s.Id);
        }

        if (Eq(s.Vendor, "Google"))
        {
            v.Require("c05-google-gcp", Eq(s.Cloud, "GCP"), [new("vendor", s.Vendor), new("cloud", s.Cloud)], s.Id);
        }

        if (Eq(s.Vendor, "OpenAI"))
        {
            v.Require("c06-token-budget", s.Tokens <= 100000, [new("vendor", s.Vendor), new("tokens", s.Tokens)], s.Id);
        }

        v.Forbid("c07-no-oci", Eq(s.Cloud, "OCI"), [new("cloud", s.Cloud)], s.Id);
        if (Eq(s.Vendor, "OpenAI") && s.Mode == RuntimeMode.Stateful)
        {
            v.Require("c08-stateful-calls", Eq(s.Cloud, "Azure") || Eq(s.Cloud, "AWS"), [new("vendor", s.Vendor), new("mode", mode), new("cloud", s.Cloud)], s.Id);
        }

        if (Eq(s.Customer, "contoso"))
        {
            v.Require("c09-customer-region", Eq(s.Region, "eastus") || Eq(s.Region, "us-east-1"), [new("customer", s.Customer), new("region", s.Region)], s.Id);
        }

        if (asOf >= C10From && Eq(s.Region, "asia-east1"))
        {
            v.Forbid("c10-asia-review", Eq(s.Vendor, "OpenAI") || Eq(s.Vendor, "Anthropic"), [new("region", s.Region), new("vendor", s.Vendor)], s.Id);
        }

        return v.Verdict();
    }

    private Verdict Judge(DeploymentSubject s, DateOnly asOf)
    {
        var v = new Builder(this, s.Id ?? "(subject)", "deployment", asOf);
        var runtime = s.Runtime switch { RuntimeMode.Stateless => "stateless", RuntimeMode.Stateful => "stateful", _ => null };
        var openAi = Eq(s.Vendor, "OpenAI");
        var stateful = s.Runtime == RuntimeMode.Stateful;
        if (openAi && (Eq(s.Product, "ChatGPT") || Eq(s.Product, "Codex") || Eq(s.Product, "Sora")))
        {
            v.Require("d01-first-party-azure", Eq(s.HostCloud, "Azure"), [new("vendor", s.Vendor), new("product", s.Product), new("hostCloud", s.HostCloud)], s.Id);
        }

        if (openAi && stateful)
        {
            v.Require("d02-stateful-hosts", Eq(s.HostCloud, "Azure") || Eq(s.HostCloud, "AWS"),
                [new("vendor", s.Vendor), new("runtime", runtime), new("hostCloud", s.HostCloud)], s.Id);
        }

        if (Eq(s.Product, "Frontier"))
        {
            v.Require("d03-frontier-stateful", stateful, [new("product", s.Product), new("runtime", runtime)], s.Id);
        }

        if (openAi && Eq(s.Product, "Frontier") && s.Distributor is not null)
        {
            var f = new List<Fact> { new("vendor", s.Vendor), new("product", s.Product), new("distributor", s.Distributor) };
            if (Eq(s.Distributor, "AWS") || Eq(s.Distributor, "OpenAI"))
            {
                v.Add("d04-frontier-distributor", ClauseStatus.Satisfied, f);
            }
            else if (Eq(s.Distributor, "Microsoft"))
            {
                v.Add("d04-frontier-distributor", ClauseStatus.Exempt, f, exception: "carve-out");
            }
            else
            {
                v.Violated("d04-frontier-distributor", f, s.Id);
            }
        }

        if (Eq(s.Product, "Frontier"))
        {
            v.Forbid("d05-frontier-not-api", s.SoldAsApi, [new("product", s.Product), new("soldAsApi", s.SoldAsApi ? True : False)], s.Id);
        }

        if (openAi && s.Partners.Count > 0)
        {
            var f = new List<Fact> { new("vendor", s.Vendor), new("partners", s.Partners.Cast<object?>().ToArray()) };
            var permitted = true;
            for (var i = 0; i < s.Partners.Count && permitted; i++)
            {
                var partner = s.Partners[i];
                f.Add(new(string.Create(CultureInfo.InvariantCulture, $"partners[{i}]"), partner));
                permitted = Eq(partner, "Microsoft") || Eq(partner, "SoftBank") || Eq(partner, "NVIDIA") || Eq(partner, "Amazon");
            }

            v.Require("d06-partners", permitted, f, s.Id);
        }

        if (openAi && stateful && Eq(s.HostCloud, "AWS"))
        {
            v.Forbid("d07-capacity", s.CapacityMw > 2000,
                [new("vendor", s.Vendor), new("runtime", runtime), new("hostCloud", s.HostCloud), new("capacityMw", s.CapacityMw)], s.Id);
        }

        if (openAi && stateful)
        {
            var f = new List<Fact> { new("vendor", s.Vendor), new("runtime", runtime) };
            var outside = false;
            for (var i = 0; i < s.Calls.Count && !outside; i++)
            {
                var call = s.Calls[i];
                var at = string.Create(CultureInfo.InvariantCulture, $"calls[{i}]");
                f.Add(new(at + ".vendor", call.Vendor));
                if (!Eq(call.Vendor, "OpenAI"))
                {
                    continue;
                }

                f.Add(new(at + ".mode", call.Mode == RuntimeMode.Stateless ? "stateless" : "stateful"));
                if (call.Mode != RuntimeMode.Stateless)
                {
                    continue;
                }

                f.Add(new(at + ".cloud", call.Cloud));
                outside = !Eq(call.Cloud, "Azure");
            }

            if (s.Calls.Count == 0)
            {
                f.Add(new("calls", Array.Empty<object?>()));
            }

            v.Forbid("d08-runtime-calls", outside, f, s.Id);
        }

        if (Eq(s.Product, "Stargate"))
        {
            v.Require("d09-stargate-hosts", Eq(s.HostCloud, "Azure") || Eq(s.HostCloud, "OCI"), [new("product", s.Product), new("hostCloud", s.HostCloud)], s.Id);
        }

        if (openAi)
        {
            v.Forbid("d10-no-gcp-hosting", Eq(s.HostCloud, "GCP"), [new("vendor", s.Vendor), new("hostCloud", s.HostCloud)], s.Id);
        }

        return v.Verdict();
    }

    private static bool Eq(string? actual, string expected) => string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>Collects a verdict's clauses and outcome.</summary>
    private sealed class Builder(IfChainVerdicts chain, string id, string kind, DateOnly asOf)
    {
        private readonly List<ClauseResult> _results = [];
        private Outcome _outcome = Outcome.NotApplicable;

        public void Require(string clause, bool holds, List<Fact> facts, string? subjectId)
        {
            if (holds)
            {
                Add(clause, ClauseStatus.Satisfied, facts);
            }
            else
            {
                Violated(clause, facts, subjectId);
            }
        }

        public void Forbid(string clause, bool holds, List<Fact> facts, string? subjectId) => Require(clause, !holds, facts, subjectId);

        public void Violated(string clause, List<Fact> facts, string? subjectId) =>
            Add(clause, ClauseStatus.Violated, facts, message: $"{clause}: {subjectId ?? "(none)"} breaks it");

        public void Add(string id, ClauseStatus status, List<Fact> facts, string? message = null, string? exception = null)
        {
            var clause = chain._clauses[id];
            _results.Add(new ClauseResult
            {
                Id = clause.Id,
                Contract = clause.Contract,
                Section = clause.Section,
                Title = clause.Title,
                Text = clause.Text,
                Status = status,
                Effect = clause.Effect,
                Message = message,
                Remediation = clause.Remediation,
                Facts = facts.ToArray(),
                Exception = exception,
                Source = $"{clause.Location.File}:{clause.Location.Line}",
            });
            var contribution = status != ClauseStatus.Violated ? Outcome.Compliant
                : clause.Effect == Effect.Review ? Outcome.Review
                : clause.Effect == Effect.Warning ? Outcome.Warning
                : Outcome.Violation;
            if (contribution < _outcome)
            {
                _outcome = contribution;
            }
        }

        public Verdict Verdict() => new() { Subject = id, Kind = kind, AsOf = asOf, Outcome = _outcome, Clauses = _results.ToArray() };
    }
}
