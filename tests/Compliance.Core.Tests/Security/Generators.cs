using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Subjects;
using CsCheck;

namespace Compliance.Core.Tests.Security;

/// <summary>The bundled rules and the benchmarks' 40-clause set, and generators of subjects that reach them: mostly the
/// vocabulary the clauses test, with nulls, empty and odd strings, extreme numbers and dates mixed in.</summary>
internal static class Generators
{
    public static string RulesDirectory { get; } = FindRules();

    public static RuleSource[] BundledSources { get; } = Directory.EnumerateFiles(RulesDirectory, "*.yaml", SearchOption.AllDirectories)
        .Where(f => !f.Contains("tests", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .Select(f => new RuleSource("rules/" + Path.GetRelativePath(RulesDirectory, f).Replace('\\', '/'), File.ReadAllText(f)))
        .ToArray();

    public static RuleSet Bundled { get; } = new RuleSetLoader().LoadStrings(BundledSources).RuleSet
        ?? throw new InvalidOperationException("the bundled rules do not load");

    /// <summary>The benchmarks' 40-clause rule set (<c>benchmarks/Compliance.Benchmarks/rules-40</c>), whose clauses read
    /// other vendors, regions, customers and products than the bundled ones (<see cref="Rules40Text"/>).</summary>
    public static RuleSet Rules40 { get; } = new RuleSetLoader().Load(
        Path.Combine(Path.GetDirectoryName(RulesDirectory)!, "benchmarks", "Compliance.Benchmarks", "rules-40"));

    private static string FindRules()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Compliance.sln")))
            {
                return Path.Combine(directory.FullName, "rules");
            }
        }

        throw new InvalidOperationException($"no Compliance.sln above {AppContext.BaseDirectory}");
    }

    private static readonly string?[] Words =
    [
        "OpenAI", "Microsoft", "Amazon", "Azure", "AWS", "GCP", "OCI", "azure", "aws", "gpt-5", "o3", "ChatGPT", "Frontier", "Copilot",
        "SoftBank", "NVIDIA", "Oracle", "eval-batch-7", "chatgpt-gcp-overflow", "research", "safety-research", "us-east-1", "eu-west-1",
        "api.openai.com", "openai.azure.com", "contoso",
    ];

    private static readonly string?[] Odd = [null, "", " ", "\u00AD", "\0", "{cloud}", "İ", "ß", "\u202Eevil", "a\nb", "\"quoted\"", "\\", "%s"];

    public static readonly Gen<string?> Text = Gen.Frequency(
        (6, Gen.OneOf(Words)),
        (2, Gen.OneOf(Odd)),
        (1, Gen.String[Gen.Char, 0, 12].Select(s => (string?)s)));

    /// <summary>The words <see cref="Rules40"/>'s clauses test (the benchmarks' generator writes the same vendors, clouds and
    /// regions).</summary>
    private static readonly string?[] Rules40Words =
    [
        "OpenAI", "Anthropic", "Mistral", "Google", "Azure", "AWS", "GCP", "OCI", "eastus", "westeurope", "us-east-1", "eu-west-1",
        "asia-east1", "contoso", "fabrikam", "northwind", "adventure-works", "Stargate", "Sora", "Codex", "ChatGPT", "gpt-5", "claude",
        "large-2", "Microsoft", "SoftBank", "NVIDIA", "Amazon", "Oracle",
    ];

    /// <summary>Text for subjects of <see cref="Rules40"/>: its words mostly, odd strings sometimes.</summary>
    public static readonly Gen<string?> Rules40Text = Gen.Frequency((8, Gen.OneOf(Rules40Words)), (1, Gen.OneOf(Odd)));

    private static readonly Gen<RuntimeMode?> Mode = Gen.Frequency(
        (4, Gen.OneOf<RuntimeMode?>(RuntimeMode.Stateless, RuntimeMode.Stateful)),
        (1, Gen.Const((RuntimeMode?)null)));

    private static readonly Gen<DateTimeOffset?> Timestamp = Gen.Frequency(
        (4, Gen.Select(Gen.Int[2018, 2031], Gen.Int[1, 12], Gen.Int[1, 28], Gen.Int[-14, 14],
            (y, m, d, offset) => (DateTimeOffset?)new DateTimeOffset(y, m, d, 12, 0, 0, TimeSpan.FromHours(offset)))),
        (1, Gen.OneOf<DateTimeOffset?>(null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue)));

    private static readonly Gen<IReadOnlyDictionary<string, string>> Tags =
        Gen.Select(Gen.OneOf("purpose", "team", "Purpose", "", "\u00AD"), Gen.OneOf("research", "safety-research", "eval", "", "x"))
            .Array[0, 3]
            .Select(pairs => (IReadOnlyDictionary<string, string>)pairs.DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => p.Item2));

    private static readonly Gen<long?> Tokens =
        Gen.Frequency((4, Gen.Long[0, 10_000_000].Select(t => (long?)t)), (1, Gen.OneOf<long?>(null, -1, long.MaxValue)));

    private static readonly Gen<double?> Capacity =
        Gen.Frequency((4, Gen.Double[0, 5000].Select(c => (double?)c)), (1, Gen.OneOf<double?>(null, -1, double.NaN, double.PositiveInfinity, double.MaxValue)));

    public static readonly Gen<CallSubject> Call = Calls(Text);

    /// <summary>Calls whose text fields are drawn from <paramref name="text"/>.</summary>
    public static Gen<CallSubject> Calls(Gen<string?> text) =>
        from id in text
        from vendor in text
        from model in text
        from mode in Mode
        from cloud in text
        from region in text
        from endpoint in text
        from product in text
        from customer in text
        from tokens in Tokens
        from timestamp in Timestamp
        from tags in Tags
        select new CallSubject
        {
            Id = id, Vendor = vendor, Model = model, Mode = mode, Cloud = cloud, Region = region, Endpoint = endpoint,
            Product = product, Customer = customer, Tokens = tokens, Timestamp = timestamp, Tags = tags,
        };

    public static readonly Gen<DeploymentSubject> Deployment = Deployments(Text);

    /// <summary>Deployments (and their calls) whose text fields are drawn from <paramref name="text"/>.</summary>
    public static Gen<DeploymentSubject> Deployments(Gen<string?> text) =>
        from id in text
        from product in text
        from vendor in text
        from runtime in Mode
        from hostCloud in text
        from distributor in text
        from soldAsApi in Gen.Bool
        from partners in text.Array[0, 5]
        from region in text
        from capacity in Capacity
        from timestamp in Timestamp
        from calls in Calls(text).Array[0, 3]
        from tags in Tags
        select new DeploymentSubject
        {
            Id = id, Product = product, Vendor = vendor, Runtime = runtime, HostCloud = hostCloud, Distributor = distributor,
            SoldAsApi = soldAsApi, Partners = partners!, Region = region, CapacityMw = capacity, Timestamp = timestamp, Calls = calls, Tags = tags,
        };

    public static readonly Gen<object> Subject = Subjects(Text);

    /// <summary>Calls and deployments, half each, whose text fields are drawn from <paramref name="text"/>.</summary>
    public static Gen<object> Subjects(Gen<string?> text) =>
        Gen.Frequency((1, Calls(text).Select(c => (object)c)), (1, Deployments(text).Select(d => (object)d)));

    public static readonly Gen<EvaluationOptions> Options = Gen.Select(
        Gen.Frequency((3, Gen.Select(Gen.Int[2018, 2031], Gen.Int[1, 12], Gen.Int[1, 28], (y, m, d) => (DateOnly?)new DateOnly(y, m, d))), (1, Gen.Const((DateOnly?)null))),
        Gen.Bool,
        (asOf, trace) => new EvaluationOptions { AsOf = asOf, Trace = trace, TimeProvider = new FixedClock() });

    /// <summary>A clock stopped at 2026-03-01, so that "today" cannot change between two evaluations being compared.</summary>
    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    }
}
