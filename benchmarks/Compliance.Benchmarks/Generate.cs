using System.Globalization;
using System.Text;
using System.Text.Json;
using Compliance.Subjects;

namespace Compliance.Benchmarks;

/// <summary>A condition of a generated clause, written once and rendered for each engine: rule YAML for Compliance,
/// a C# expression for Microsoft.RulesEngine. (The if-chain in <see cref="IfChain"/> is written by hand from the same list.)</summary>
internal abstract record Cond
{
    /// <summary>The YAML flow-map entries, without braces: <c>vendor: OpenAI, mode: stateless</c>.</summary>
    public abstract string Yaml { get; }

    /// <summary>The same condition as a RulesEngine (Dynamic LINQ) expression over <c>subject</c>.</summary>
    public abstract string Expression { get; }
}

/// <summary>Every part holds.</summary>
internal sealed record AllOf(params Cond[] Parts) : Cond
{
    public override string Yaml => string.Join(", ", Parts.Select(p => p.Yaml));

    public override string Expression => "(" + string.Join(" && ", Parts.Select(p => p.Expression)) + ")";
}

/// <summary><c>path: value</c> or <c>path: [values]</c> on a text or enum field (ignoring case).</summary>
internal sealed record Is(string Path, params string[] Values) : Cond
{
    public override string Yaml => Values.Length == 1 ? $"{Path}: {Values[0]}" : $"{Path}: [{string.Join(", ", Values)}]";

    public override string Expression => Path == "soldAsApi" ? $"subject.SoldAsApi == {Values[0]}" : Generate.IsEnum(Path)
        ? "(" + string.Join(" || ", Values.Select(v => $"{Generate.Member(Path)} == RuntimeMode.{Generate.Pascal(v)}")) + ")"
        : "(" + string.Join(" || ", Values.Select(v => $"string.Equals({Generate.Member(Path)}, \"{v}\", StringComparison.OrdinalIgnoreCase)")) + ")";
}

/// <summary><c>path: {notEquals: value}</c>: missing, or a different value.</summary>
internal sealed record IsNot(string Path, string Value) : Cond
{
    public override string Yaml => $"{Path}: {{notEquals: {Value}}}";

    public override string Expression => $"!string.Equals({Generate.Member(Path)}, \"{Value}\", StringComparison.OrdinalIgnoreCase)";
}

/// <summary><c>path: {exists: true|false}</c>.</summary>
internal sealed record Exists(string Path, bool Present) : Cond
{
    public override string Yaml => $"{Path}: {{exists: {(Present ? "true" : "false")}}}";

    public override string Expression => Path == "partners"
        ? (Present ? "subject.Partners.Count > 0" : "subject.Partners.Count == 0")
        : $"{Generate.Member(Path)} {(Present ? "!=" : "==")} null";
}

/// <summary><c>path: {lte: number}</c> on a nullable number: a missing value does not hold.</summary>
internal sealed record AtMost(string Path, double Limit) : Cond
{
    public override string Yaml => $"{Path}: {{lte: {Limit.ToString(CultureInfo.InvariantCulture)}}}";

    public override string Expression => $"({Generate.Member(Path)} != null && {Generate.Member(Path)} <= {Limit.ToString(CultureInfo.InvariantCulture)})";
}

/// <summary><c>path: {gt: number}</c> on a nullable number.</summary>
internal sealed record Over(string Path, double Limit) : Cond
{
    public override string Yaml => $"{Path}: {{gt: {Limit.ToString(CultureInfo.InvariantCulture)}}}";

    public override string Expression => $"({Generate.Member(Path)} != null && {Generate.Member(Path)} > {Limit.ToString(CultureInfo.InvariantCulture)})";
}

/// <summary><c>partners: {every: [names]}</c>.</summary>
internal sealed record EveryPartnerIn(params string[] Names) : Cond
{
    public override string Yaml => $"partners: {{every: [{string.Join(", ", Names)}]}}";

    public override string Expression =>
        "subject.Partners.All(p => " + string.Join(" || ", Names.Select(n => $"string.Equals(p, \"{n}\", StringComparison.OrdinalIgnoreCase)")) + ")";
}

/// <summary><c>calls: {some: {...}}</c>: some call of the deployment matches.</summary>
internal sealed record SomeCall(Cond Inner) : Cond
{
    public override string Yaml => $"calls: {{some: {{{Inner.Yaml}}}}}";

    public override string Expression => "subject.Calls.Any(c => " + Inner.Expression.Replace("subject.", "c.", StringComparison.Ordinal) + ")";
}

/// <summary>One generated clause.</summary>
internal sealed record ClauseSpec(string Id, string Kind, Cond? When, bool Require, Cond Condition, string Effect = "violation",
    Cond? Exception = null, string? From = null)
{
    public string Yaml(string contract, int index)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"  - id: {Id}\n");
        text.Append(CultureInfo.InvariantCulture, $"    section: \"{index + 1}\"\n");
        text.Append(CultureInfo.InvariantCulture, $"    title: Generated clause {Id}\n");
        text.Append(CultureInfo.InvariantCulture, $"    text: Generated clause {Id} of {contract}, for benchmarks.\n");
        text.Append(CultureInfo.InvariantCulture, $"    appliesTo: {Kind}\n");
        if (From is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"    effective: {{ from: {From} }}\n");
        }

        if (When is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"    when: {{ {When.Yaml} }}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"    {(Require ? "require" : "forbid")}: {{ {Condition.Yaml} }}\n");
        text.Append(CultureInfo.InvariantCulture, $"    effect: {Effect}\n");
        text.Append(CultureInfo.InvariantCulture, $"    message: \"{Id}: {{id}} breaks it\"\n");
        if (Exception is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"    exceptions:\n      - id: carve-out\n        when: {{ {Exception.Yaml} }}\n");
        }

        return text.ToString();
    }

    /// <summary>The RulesEngine rule: true when the clause is violated (applies, fails, and no exception holds).</summary>
    public string ViolationExpression
    {
        get
        {
            var fails = Require ? $"!{Condition.Expression}" : Condition.Expression;
            var parts = new List<string>();
            if (When is not null)
            {
                parts.Add(When.Expression);
            }

            parts.Add("(" + fails + ")");
            if (Exception is not null)
            {
                parts.Add("!" + Exception.Expression);
            }

            return string.Join(" && ", parts);
        }
    }
}

/// <summary>Generates rule sets and subjects for the benchmarks, deterministically (fixed seeds).</summary>
/// <remarks><c>dotnet run -c Release --project benchmarks/Compliance.Benchmarks -- generate subjects 1000000 FILE</c> writes
/// a JSON-lines file; <c>-- generate rules 1000 FOLDER</c> writes a rule set.</remarks>
internal static class Generate
{
    /// <summary>The date every benchmark judges as of.</summary>
    public static readonly DateOnly AsOf = new(2026, 3, 1);

    public static readonly string[] Vendors = ["OpenAI", "Anthropic", "Mistral", "Google"];
    public static readonly string[] Clouds = ["Azure", "AWS", "GCP", "OCI"];
    public static readonly string[] Regions = ["eastus", "westeurope", "us-east-1", "eu-west-1", "asia-east1"];
    public static readonly string[] Products = ["ChatGPT", "Frontier", "Codex", "Stargate", "Sora"];
    public static readonly string[] Partners = ["Microsoft", "SoftBank", "NVIDIA", "Amazon", "Oracle"];
    public static readonly string[] Distributors = ["AWS", "Microsoft", "OpenAI", "Oracle"];
    public static readonly string[] Customers = ["contoso", "fabrikam", "northwind", "adventure-works"];

    /// <summary>The twenty clauses: ten on calls, ten on deployments, in the shapes real contracts take.</summary>
    public static IReadOnlyList<ClauseSpec> Twenty { get; } =
    [
        new("c01-azure-stateless", "call", new AllOf(new Is("vendor", "OpenAI"), new Is("mode", "stateless")), true, new Is("cloud", "Azure"),
            Exception: new Is("tags.purpose", "safety-research")),
        new("c02-azure-endpoint", "call", new AllOf(new Is("vendor", "OpenAI"), new Is("cloud", "Azure"), new Exists("endpoint", true)), false,
            new IsNot("region", "eastus"), "warning"),
        new("c03-anthropic-clouds", "call", new Is("vendor", "Anthropic"), true, new Is("cloud", "AWS", "GCP")),
        new("c04-mistral-eu", "call", new Is("vendor", "Mistral"), true, new Is("region", "westeurope", "eu-west-1")),
        new("c05-google-gcp", "call", new Is("vendor", "Google"), true, new Is("cloud", "GCP")),
        new("c06-token-budget", "call", new Is("vendor", "OpenAI"), true, new AtMost("tokens", 100000), "review"),
        new("c07-no-oci", "call", null, false, new Is("cloud", "OCI"), "warning"),
        new("c08-stateful-calls", "call", new AllOf(new Is("vendor", "OpenAI"), new Is("mode", "stateful")), true, new Is("cloud", "Azure", "AWS")),
        new("c09-customer-region", "call", new Is("customer", "contoso"), true, new Is("region", "eastus", "us-east-1")),
        new("c10-asia-review", "call", new Is("region", "asia-east1"), false, new Is("vendor", "OpenAI", "Anthropic"), "review",
            From: "2025-10-28"),
        new("d01-first-party-azure", "deployment", new AllOf(new Is("vendor", "OpenAI"), new Is("product", "ChatGPT", "Codex", "Sora")), true,
            new Is("hostCloud", "Azure")),
        new("d02-stateful-hosts", "deployment", new AllOf(new Is("vendor", "OpenAI"), new Is("runtime", "stateful")), true,
            new Is("hostCloud", "Azure", "AWS")),
        new("d03-frontier-stateful", "deployment", new Is("product", "Frontier"), true, new Is("runtime", "stateful")),
        new("d04-frontier-distributor", "deployment", new AllOf(new Is("vendor", "OpenAI"), new Is("product", "Frontier"), new Exists("distributor", true)),
            true, new Is("distributor", "AWS", "OpenAI"), Exception: new Is("distributor", "Microsoft")),
        new("d05-frontier-not-api", "deployment", new Is("product", "Frontier"), false, new Is("soldAsApi", "true")),
        new("d06-partners", "deployment", new AllOf(new Is("vendor", "OpenAI"), new Exists("partners", true)), true,
            new EveryPartnerIn("Microsoft", "SoftBank", "NVIDIA", "Amazon")),
        new("d07-capacity", "deployment", new AllOf(new Is("vendor", "OpenAI"), new Is("runtime", "stateful"), new Is("hostCloud", "AWS")), false,
            new Over("capacityMw", 2000), "warning"),
        new("d08-runtime-calls", "deployment", new AllOf(new Is("vendor", "OpenAI"), new Is("runtime", "stateful")), false,
            new SomeCall(new AllOf(new Is("vendor", "OpenAI"), new Is("mode", "stateless"), new IsNot("cloud", "Azure"))), "review"),
        new("d09-stargate-hosts", "deployment", new Is("product", "Stargate"), true, new Is("hostCloud", "Azure", "OCI")),
        new("d10-no-gcp-hosting", "deployment", new Is("vendor", "OpenAI"), false, new Is("hostCloud", "GCP")),
    ];

    /// <summary>The twenty clauses and <paramref name="count"/> − 20 more that never apply to <see cref="Subjects"/>: they
    /// name vendors, customers and products the subjects do not have, as the clauses of other contracts would.</summary>
    public static IReadOnlyList<ClauseSpec> Padded(int count)
    {
        var random = new Random(count);
        var clauses = new List<ClauseSpec>(Twenty);
        for (var i = clauses.Count; i < count; i++)
        {
            var n = i.ToString("D4", CultureInfo.InvariantCulture);
            clauses.Add((i % 3) switch
            {
                0 => new ClauseSpec($"x{n}-vendor", "call", new AllOf(new Is("vendor", $"Vendor{n}"), new Is("mode", "stateless")), true,
                    new Is("cloud", Pick(random, Clouds))),
                1 => new ClauseSpec($"x{n}-customer", "call", new AllOf(new Is("vendor", "OpenAI"), new Is("customer", $"customer-{n}")), true,
                    new Is("region", Pick(random, Regions), Pick(random, Regions)), "review"),
                _ => new ClauseSpec($"x{n}-product", "deployment", new AllOf(new Is("vendor", "OpenAI"), new Is("product", $"Product{n}")), true,
                    new Is("hostCloud", Pick(random, Clouds)), Exception: new Is("distributor", "Microsoft")),
            });
        }

        return clauses;
    }

    /// <summary>A rule set of <paramref name="count"/> clauses with every kind of condition, for the load benchmark.</summary>
    public static IReadOnlyList<ClauseSpec> Varied(int count)
    {
        var random = new Random(count * 7);
        var clauses = new List<ClauseSpec>(Padded(Math.Min(count, 200)));
        for (var i = clauses.Count; i < count; i++)
        {
            var n = i.ToString("D4", CultureInfo.InvariantCulture);
            Cond when = new AllOf(new Is("vendor", Pick(random, Vendors)), new Is("customer", $"customer-{n}"));
            clauses.Add((i % 5) switch
            {
                0 => new ClauseSpec($"v{n}-tokens", "call", when, true, new AtMost("tokens", random.Next(1000, 200000)), "review"),
                1 => new ClauseSpec($"v{n}-endpoint", "call", when, false, new Exists("endpoint", false), "warning"),
                2 => new ClauseSpec($"v{n}-partners", "deployment", new Is("product", $"Product{n}"), true,
                    new EveryPartnerIn(Pick(random, Partners), Pick(random, Partners))),
                3 => new ClauseSpec($"v{n}-calls", "deployment", new Is("product", $"Product{n}"), false,
                    new SomeCall(new AllOf(new Is("mode", "stateless"), new IsNot("cloud", Pick(random, Clouds)))), "review"),
                _ => new ClauseSpec($"v{n}-region", "call", when, true, new Is("region", Pick(random, Regions), Pick(random, Regions)),
                    Exception: new Is("tags.purpose", "research"), From: "2024-01-01"),
            });
        }

        return clauses;
    }

    /// <summary>Rule files for the clauses: one contract per hundred clauses.</summary>
    public static IReadOnlyList<(string Path, string Yaml)> RuleFiles(IReadOnlyList<ClauseSpec> clauses)
    {
        var files = new List<(string, string)>();
        for (var start = 0; start < clauses.Count; start += 100)
        {
            var contract = $"generated-{start / 100:D2}";
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"apiVersion: compliance/v1\ncontract:\n  id: {contract}\n  title: Generated contract {start / 100}\n  parties: [Acme, Contoso]\nclauses:\n");
            for (var i = start; i < Math.Min(clauses.Count, start + 100); i++)
            {
                text.Append(clauses[i].Yaml(contract, i));
            }

            files.Add(($"{contract}.yaml", text.ToString()));
        }

        return files;
    }

    /// <summary>Writes the rule files into <paramref name="folder"/> (created; earlier generated files replaced).</summary>
    public static void WriteRules(IReadOnlyList<ClauseSpec> clauses, string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var stale in Directory.EnumerateFiles(folder, "generated-*.yaml"))
        {
            File.Delete(stale);
        }

        foreach (var (path, yaml) in RuleFiles(clauses))
        {
            File.WriteAllText(Path.Combine(folder, path), yaml);
        }
    }

    /// <summary>A pool of calls and deployments (alternating), most of them from the vendors and products the clauses name.</summary>
    public static object[] Subjects(int count, int seed = 20260301)
    {
        var random = new Random(seed);
        var subjects = new object[count];
        for (var i = 0; i < count; i++)
        {
            subjects[i] = i % 2 == 0 ? Call(random, $"call-{i}") : Deployment(random, $"deployment-{i}");
        }

        return subjects;
    }

    public static CallSubject Call(Random random, string id) => new()
    {
        Id = id,
        Vendor = Weighted(random, Vendors, 60, 20, 10, 10),
        Model = Pick(random, ["gpt-5", "gpt-5-mini", "claude", "large-2"]),
        Mode = random.Next(3) == 0 ? RuntimeMode.Stateful : RuntimeMode.Stateless,
        Cloud = Weighted(random, Clouds, 50, 25, 15, 10),
        Region = Pick(random, Regions),
        Endpoint = random.Next(3) == 0 ? "https://contoso.openai.azure.com/openai" : null,
        Customer = Pick(random, Customers),
        Tokens = random.Next(5) == 0 ? null : random.Next(0, 150_000),
        Timestamp = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).AddMinutes(-random.Next(100_000)),
        Tags = random.Next(6) == 0 ? new Dictionary<string, string> { ["purpose"] = "safety-research" } : new Dictionary<string, string>(),
    };

    public static DeploymentSubject Deployment(Random random, string id) => new()
    {
        Id = id,
        Product = Pick(random, Products),
        Vendor = Weighted(random, Vendors, 80, 10, 5, 5),
        Runtime = random.Next(2) == 0 ? RuntimeMode.Stateful : RuntimeMode.Stateless,
        HostCloud = Weighted(random, Clouds, 45, 35, 10, 10),
        Distributor = random.Next(4) == 0 ? null : Pick(random, Distributors),
        SoldAsApi = random.Next(5) == 0,
        Partners = Enumerable.Range(0, random.Next(4)).Select(_ => Pick(random, Partners)).ToArray(),
        CapacityMw = random.Next(3) == 0 ? null : random.Next(0, 4000),
        Calls = Enumerable.Range(0, random.Next(3)).Select(j => Call(random, $"{id}-call-{j}")).ToArray(),
        Timestamp = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero),
    };

    /// <summary>Writes <paramref name="count"/> subjects as JSON lines: calls and deployments, and one line in 1,000 that is
    /// malformed or invalid, as real logs have.</summary>
    public static void WriteSubjects(string file, int count)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        Directory.CreateDirectory(directory);
        var random = new Random(1_000_003);
        using var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { SkipValidation = true });
        for (var i = 0; i < count; i++)
        {
            if (i % 1000 == 999)
            {
                json.Flush();
                stream.Write(i % 2000 == 999
                    ? """{"kind": "call", "id": "broken", "vendor": "OpenAI", "mode": "sometimes"}"""u8
                    : """{"kind": "call", "id": "truncated", "vendor": """u8);
                stream.WriteByte((byte)'\n');
                continue;
            }

            var subject = i % 4 == 3 ? (object)Deployment(random, $"d{i}") : Call(random, $"c{i}");
            WriteSubject(json, subject);
            json.Flush();
            json.Reset();
            stream.WriteByte((byte)'\n');
        }
    }

    private static void WriteSubject(Utf8JsonWriter json, object subject)
    {
        json.WriteStartObject();
        if (subject is CallSubject call)
        {
            json.WriteString("kind", "call");
            WriteCallFields(json, call);
        }
        else
        {
            var d = (DeploymentSubject)subject;
            json.WriteString("kind", "deployment");
            json.WriteString("id", d.Id);
            json.WriteString("product", d.Product);
            json.WriteString("vendor", d.Vendor);
            json.WriteString("runtime", d.Runtime == RuntimeMode.Stateful ? "stateful" : "stateless");
            json.WriteString("hostCloud", d.HostCloud);
            if (d.Distributor is not null)
            {
                json.WriteString("distributor", d.Distributor);
            }

            json.WriteBoolean("soldAsApi", d.SoldAsApi);
            json.WriteStartArray("partners");
            foreach (var partner in d.Partners)
            {
                json.WriteStringValue(partner);
            }

            json.WriteEndArray();
            if (d.CapacityMw is { } capacity)
            {
                json.WriteNumber("capacityMw", capacity);
            }

            json.WriteString("timestamp", "2026-03-01");
            json.WriteStartArray("calls");
            foreach (var inner in d.Calls)
            {
                json.WriteStartObject();
                WriteCallFields(json, inner);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteCallFields(Utf8JsonWriter json, CallSubject call)
    {
        json.WriteString("id", call.Id);
        json.WriteString("vendor", call.Vendor);
        json.WriteString("model", call.Model);
        json.WriteString("mode", call.Mode == RuntimeMode.Stateful ? "stateful" : "stateless");
        json.WriteString("cloud", call.Cloud);
        json.WriteString("region", call.Region);
        if (call.Endpoint is not null)
        {
            json.WriteString("endpoint", call.Endpoint);
        }

        json.WriteString("customer", call.Customer);
        if (call.Tokens is { } tokens)
        {
            json.WriteNumber("tokens", tokens);
        }

        json.WriteString("timestamp", call.Timestamp!.Value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        if (call.Tags.Count > 0)
        {
            json.WriteStartObject("tags");
            foreach (var (key, value) in call.Tags)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
        }
    }

    internal static bool IsEnum(string path) => path is "mode" or "runtime";

    /// <summary>The C# member a path reads: <c>subject.HostCloud</c>, <c>subject.Tags["purpose"]</c>.</summary>
    internal static string Member(string path) => path.StartsWith("tags.", StringComparison.Ordinal)
        ? $"(subject.Tags.ContainsKey(\"{path[5..]}\") ? subject.Tags[\"{path[5..]}\"] : null)"
        : "subject." + Pascal(path);

    internal static string Pascal(string name) => char.ToUpperInvariant(name[0]) + name[1..];

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    private static string Weighted(Random random, string[] values, params int[] weights)
    {
        var roll = random.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
        {
            if ((roll -= weights[i]) < 0)
            {
                return values[i];
            }
        }

        return values[^1];
    }
}
