using System.Globalization;
using System.Text;
using Compliance.Rules;
using Compliance.Subjects;

namespace Compliance.Core.Tests.TestSupport;

/// <summary>Random but valid rule sets over <c>call</c> and <c>deployment</c>, and random subjects drawn from the same small
/// pools of values, so that conditions often hold and often do not. Deterministic for a seed.</summary>
/// <remarks>The rule sets use every operator, quantifiers over lists of scalars and of objects, combinators, expressions,
/// effective windows, exceptions, waivers, supersession and messages with placeholders; the <c>when</c> of most clauses
/// starts with equalities, as the clause index reads them. Subjects include invalid ones and missing values.</remarks>
internal sealed class RandomRuleSets(int seed)
{
    private static readonly string[] Vendors = ["OpenAI", "openai", "Anthropic", "Mistral"];
    private static readonly string[] Clouds = ["Azure", "AWS", "GCP"];
    private static readonly string[] Regions = ["eastus", "westeurope"];
    private static readonly string[] Products = ["Frontier", "ChatGPT", "Codex"];
    private static readonly string[] Partners = ["Microsoft", "SoftBank", "Oracle"];
    private static readonly string[] Purposes = ["research", "safety-research"];
    private static readonly string[] Customers = ["contoso", "fabrikam"];
    private static readonly string[] Modes = ["stateless", "stateful", "STATELESS"];

    private readonly Random _random = new(seed);

    /// <summary>Rule files: contracts of calls and deployments, and usually a waivers file.</summary>
    public IReadOnlyList<RuleSource> RuleFiles(int clauses)
    {
        var files = new List<RuleSource>();
        var ids = new List<(string Id, string Kind)>();
        for (var contract = 0; contract * 10 < clauses; contract++)
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"apiVersion: compliance/v1\ncontract:\n  id: c{contract}\n  title: Contract {contract}\nclauses:\n");
            var local = new List<(string Id, string Kind)>();
            for (var i = contract * 10; i < Math.Min(clauses, (contract + 1) * 10); i++)
            {
                var kind = Chance(0.5) ? "call" : "deployment";
                var id = $"k{i}";
                text.Append(Clause(id, kind, local));
                local.Add(($"c{contract}/{id}", kind));
            }

            ids.AddRange(local);
            files.Add(new RuleSource($"c{contract}.yaml", text.ToString()));
        }

        if (Chance(0.7) && ids.Count > 0)
        {
            var text = new StringBuilder("apiVersion: compliance/v1\nwaivers:\n");
            for (var w = 0; w < 1 + _random.Next(4); w++)
            {
                var (clause, kind) = ids[_random.Next(ids.Count)];
                text.Append(CultureInfo.InvariantCulture, $"  - id: W-{w}\n    clause: {clause}\n    reason: Random waiver.\n");
                text.Append(CultureInfo.InvariantCulture, $"    expires: {(Chance(0.5) ? "2030-01-01" : "2026-02-01")}\n");
                if (Chance(0.7))
                {
                    text.Append(CultureInfo.InvariantCulture, $"    when: {{ {Entries(kind, 1)} }}\n");
                }
            }

            files.Add(new RuleSource("waivers.yaml", text.ToString()));
        }

        return files;
    }

    public RuleSet Load(int clauses)
    {
        var files = RuleFiles(clauses);
        var result = new RuleSetLoader().LoadStrings(files);
        return result.RuleSet ?? throw new InvalidOperationException(
            $"seed {seed}: the random rule set does not load:\n{string.Join("\n", result.Diagnostics)}\n{string.Join("\n", files.Select(f => f.Content))}");
    }

    private string Clause(string id, string kind, List<(string Id, string Kind)> earlier)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"  - id: {id}\n    title: Clause {id}\n    text: Random clause {id}.\n    appliesTo: {kind}\n");
        if (Chance(0.3))
        {
            text.Append(Pick("    effective: { from: 2026-01-01 }\n", "    effective: { until: 2026-06-01 }\n",
                "    effective: { from: 2025-06-01, until: 2027-01-01 }\n"));
        }

        if (Chance(0.85))
        {
            text.Append(CultureInfo.InvariantCulture, $"    when: {{ {When(kind)} }}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"    {(Chance(0.6) ? "require" : "forbid")}: {{ {Entries(kind, 1 + _random.Next(2))} }}\n");
        text.Append(CultureInfo.InvariantCulture, $"    effect: {Pick("violation", "review", "warning")}\n");
        if (Chance(0.5))
        {
            text.Append(kind == "call"
                ? "    message: \"{vendor} call {id} on {cloud} ({tokens} tokens, {tags.purpose}, {mode})\"\n"
                : "    message: \"{product} on {hostCloud} with {partners}, sold as API: {soldAsApi}\"\n");
        }

        if (Chance(0.3))
        {
            text.Append(CultureInfo.InvariantCulture, $"    exceptions:\n      - id: e1\n        when: {{ {Entries(kind, 1)} }}\n");
            if (Chance(0.5))
            {
                text.Append(CultureInfo.InvariantCulture, $"      - id: e2\n        when: {{ {Entries(kind, 1)} }}\n");
            }
        }

        var sameKind = earlier.Where(e => e.Kind == kind).ToArray();
        if (sameKind.Length > 0 && Chance(0.2))
        {
            text.Append(CultureInfo.InvariantCulture, $"    supersedes: [{sameKind[_random.Next(sameKind.Length)].Id}]\n");
        }

        return text.ToString();
    }

    /// <summary>A <c>when</c>: mostly equalities on distinct paths (what the index reads), sometimes followed by anything.</summary>
    private string When(string kind)
    {
        var paths = kind == "call" ? new[] { "vendor", "mode", "cloud", "customer" } : ["vendor", "runtime", "product", "hostCloud"];
        var chosen = paths.OrderBy(_ => _random.Next()).Take(1 + _random.Next(3)).ToArray();
        if (Chance(0.2))
        {
            // An expression first: a clause whose `when` may fault is never left out by the index.
            return $"expression: \"{Expression(kind)}\", {string.Join(", ", chosen.Select(p => $"{p}: {EqualityValue(p)}"))}";
        }

        var parts = chosen.Select(p => $"{p}: {EqualityValue(p)}").ToList();
        if (Chance(0.3))
        {
            parts.Add($"all: [{{ {Leaf(kind, 1)} }}]");
        }

        return string.Join(", ", parts);
    }

    private string EqualityValue(string path) => path switch
    {
        "vendor" => Chance(0.7) ? Pick(Vendors) : $"[{Pick(Vendors)}, {Pick(Vendors)}]",
        "mode" or "runtime" => Chance(0.7) ? Pick(Modes) : "[stateless, stateful]",
        "cloud" or "hostCloud" => Chance(0.7) ? Pick(Clouds) : $"[{Pick(Clouds)}, {Pick(Clouds)}]",
        "customer" => Pick(Customers),
        _ => Pick(Products),
    };

    /// <summary>Several condition entries on distinct keys of one map.</summary>
    private string Entries(string kind, int count)
    {
        var entries = new List<string>();
        var keys = new HashSet<string>();
        for (var tries = 0; entries.Count < count && tries < 20; tries++)
        {
            var entry = Leaf(kind, 2);
            var key = entry[..entry.IndexOf(':', StringComparison.Ordinal)];
            if (keys.Add(key))
            {
                entries.Add(entry);
            }
        }

        return string.Join(", ", entries);
    }

    /// <summary>One map entry: a path with an operator, or a combinator.</summary>
    private string Leaf(string kind, int depth)
    {
        if (depth > 0 && Chance(0.2))
        {
            return Pick(0, 3) switch
            {
                0 => $"all: [{{ {Leaf(kind, depth - 1)} }}, {{ {Leaf(kind, depth - 1)} }}]",
                1 => $"any: [{{ {Leaf(kind, depth - 1)} }}, {{ {Leaf(kind, depth - 1)} }}]",
                _ => $"not: {{ {Leaf(kind, depth - 1)} }}",
            };
        }

        return kind == "call" ? CallLeaf() : DeploymentLeaf(depth);
    }

    private string CallLeaf() => Pick(0, 12) switch
    {
        0 => $"vendor: {Pick(Vendors)}",
        1 => $"cloud: {{ in: [{Pick(Clouds)}, {Pick(Clouds)}] }}",
        2 => $"cloud: {{ notEquals: {Pick(Clouds)} }}",
        3 => $"mode: {{ notIn: [{Pick(Modes)}] }}",
        4 => $"endpoint: {{ exists: {Pick("true", "false")} }}",
        5 => $"endpoint: {{ matches: '{Pick("^https://[a-z]+\\.openai\\.azure\\.com", "(?i)AZURE", "api")}' }}",
        6 => $"tokens: {{ {Pick("gt", "gte", "lt", "lte")}: {_random.Next(0, 3) * 50000} }}",
        7 => $"tags.purpose: {Pick(Purposes)}",
        8 => $"timestamp: {{ {Pick("gt", "lte", "equals")}: {Pick("2026-03-01", "2026-03-01T12:00:00Z", "2025-12-31")} }}",
        9 => $"region: {{ contains: {Pick("east", "EU", "west")} }}",
        10 => $"mode: {{ matches: '^state{Pick("less", "ful")}$' }}",
        _ => $"customer: {{ notIn: [{Pick(Customers)}] }}",
    };

    private string DeploymentLeaf(int depth) => Pick(0, 12) switch
    {
        0 => $"product: {{ in: [{Pick(Products)}, {Pick(Products)}] }}",
        1 => $"hostCloud: {Pick(Clouds)}",
        2 => $"soldAsApi: {Pick("true", "false")}",
        3 => $"partners: {{ every: [{Pick(Partners)}, {Pick(Partners)}] }}",
        4 => $"partners: {{ some: {{ matches: '^{Pick("Soft", "Micro", "Or")}' }} }}",
        5 => $"partners: {{ contains: {Pick(Partners)} }}",
        6 => $"partners: {{ exists: {Pick("true", "false")} }}",
        7 => $"capacityMw: {{ {Pick("gt", "lte")}: {_random.Next(0, 4) * 1000} }}",
        8 => depth > 0 ? $"calls: {{ {Pick("some", "every", "none")}: {{ {CallLeaf()} }} }}" : $"distributor: {{ exists: true }}",
        9 => $"distributor: {{ notEquals: {Pick("AWS", "Microsoft")} }}",
        10 => $"runtime: {Pick(Modes)}",
        _ => $"partners: {{ none: [{Pick(Partners)}] }}",
    };

    private string Expression(string kind) => kind == "call"
        ? Pick("subject.Tokens == null || subject.Tokens < 100000", "subject.Cloud != \\\"GCP\\\"")
        : Pick("subject.CapacityMw == null || subject.CapacityMw <= 2000", "subject.Partners.Count < 3");

    /// <summary>Random subjects, calls and deployments, a few of them invalid.</summary>
    public object[] Subjects(int count) => Enumerable.Range(0, count).Select(i => Chance(0.5) ? (object)Call(i) : Deployment(i)).ToArray();

    private CallSubject Call(int i) => new()
    {
        Id = Chance(0.9) ? $"call-{i}" : null,
        Vendor = Chance(0.95) ? Pick(Vendors) : Pick<string?>(null, "  "),
        Model = "gpt-5",
        Mode = Chance(0.95) ? (Chance(0.5) ? RuntimeMode.Stateless : RuntimeMode.Stateful) : Pick<RuntimeMode?>(null, (RuntimeMode)7),
        Cloud = Chance(0.95) ? Pick(Clouds) : null,
        Region = Chance(0.8) ? Pick(Regions) : null,
        Endpoint = Pick<string?>(null, "https://contoso.openai.azure.com/v1", "https://api.openai.com/v1"),
        Customer = Chance(0.8) ? Pick(Customers) : null,
        Tokens = Chance(0.8) ? _random.Next(-1, 150_000) : null,
        Timestamp = Chance(0.8) ? new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.FromHours(Pick(0, 2) - 1)).AddDays(_random.Next(-90, 90)) : null,
        Tags = Chance(0.4) ? new Dictionary<string, string> { ["purpose"] = Pick(Purposes) } : new Dictionary<string, string>(),
    };

    private DeploymentSubject Deployment(int i) => new()
    {
        Id = $"deployment-{i}",
        Product = Chance(0.95) ? Pick(Products) : null,
        Vendor = Pick(Vendors),
        Runtime = Chance(0.95) ? (Chance(0.5) ? RuntimeMode.Stateless : RuntimeMode.Stateful) : null,
        HostCloud = Pick(Clouds),
        Distributor = Pick<string?>(null, "AWS", "Microsoft", "OpenAI"),
        SoldAsApi = Chance(0.3),
        Partners = Enumerable.Range(0, _random.Next(4)).Select(_ => Chance(0.97) ? Pick(Partners) : "").ToArray(),
        CapacityMw = Chance(0.7) ? _random.Next(0, 4000) : null,
        Calls = Enumerable.Range(0, _random.Next(3)).Select(j => Call(1000 * i + j)).ToArray(),
        Timestamp = Chance(0.8) ? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(_random.Next(0, 200)) : null,
        Tags = new Dictionary<string, string>(),
    };

    private bool Chance(double p) => _random.NextDouble() < p;

    private int Pick(int from, int to) => _random.Next(from, to);

    private T Pick<T>(params T[] values) => values[_random.Next(values.Length)];
}
