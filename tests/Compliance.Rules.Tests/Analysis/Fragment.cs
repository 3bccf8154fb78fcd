using System.Globalization;
using System.Text;
using Compliance.Evaluation;
using Compliance.Model;
using Compliance.Subjects;
using Compliance.Verdicts;
using CsCheck;

namespace Compliance.Rules.Tests.Analysis;

/// <summary>
/// A small structured fragment over the <c>deployment</c> kind for property tests: generated clause pairs (rendered as
/// rule files) and, for each path, a brute-force domain holding one value of every class the fragment's comparisons can
/// tell apart. Enumerating the domain therefore meets every kind of subject, so a brute-force search over it is a
/// complete oracle for the analysis.
/// </summary>
internal static class Fragment
{
    public static readonly string[] Dates = ["2024-12-31", "2025-01-01", "2025-06-01", "2026-01-01", "2026-06-01", "2027-01-01"];

    public static readonly Dimension[] Dimensions =
    [
        new("hostCloud", Shape.Text, ["Azure", "AWS"], ["Azure", "AWS", "GCP"]),
        new("distributor", Shape.Text, ["AWS", "OpenAI"], [null, "AWS", "OpenAI", "Google"]),
        new("runtime", Shape.Choice, ["stateless", "stateful"], [RuntimeMode.Stateless, RuntimeMode.Stateful]),
        new("soldAsApi", Shape.Flag, ["true", "false"], [false, true]),
        new("capacityMw", Shape.Number, ["1", "2"], [null, 0d, 0.5, 1d, 1.5, 2d, 3d]),
        new("partners", Shape.Partners, ["Microsoft", "Amazon"], Subsets(["Microsoft", "Amazon", "NVIDIA"]).Cast<object?>().ToArray()),
        new("tags.team", Shape.Text, ["ml", "ops"], [null, "ml", "ops", "legal"]),
        new("tags", Shape.Map, [], [false, true]),
        new("calls", Shape.Calls, ["Azure", "AWS"], Subsets(CallTypes()).Cast<object?>().ToArray()),
        new("timestamp", Shape.Instant, ["2026-01-01", "2026-06-01", "'2026-01-01T12:00:00Z'"],
        [
            null, Instant("2025-12-31T00:00:00Z"), Instant("2026-01-01T00:00:00Z"), Instant("2026-01-01T12:00:00Z"), Instant("2026-01-01T18:00:00Z"),
            Instant("2026-03-01T00:00:00Z"), Instant("2026-06-01T00:00:00Z"), Instant("2026-06-01T12:00:00Z"), Instant("2026-07-01T00:00:00Z"),
        ]),

        // startsWith takes `eu-` and `EU-WEST`, endsWith `-1` and `WEST` (see Atom): a text begins with neither, with
        // `eu-` alone or with both, and ends likewise, and may equal a constant; one value of each class.
        new("region", Shape.Affixed, ["eu-west-1", "us-east"],
        [
            null, "us-east", "us-north", "us-east-1", "us-west", "eu-north", "eu-north-1", "eu-northwest",
            "eu-west-2", "eu-west-1", "eu-west-3-1", "eu-west",
        ]),
    ];

    private static readonly string[] Prefixes = ["eu-", "EU-WEST"];

    private static readonly string[] Suffixes = ["-1", "WEST"];

    private static DateTimeOffset Instant(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static (string Cloud, RuntimeMode Mode)[] CallTypes() =>
        new[] { "Azure", "AWS", "GCP" }.SelectMany(c => new[] { (c, RuntimeMode.Stateless), (c, RuntimeMode.Stateful) }).ToArray();

    private static List<T[]> Subsets<T>(T[] items) =>
        Enumerable.Range(0, 1 << items.Length).Select(m => items.Where((_, i) => (m & (1 << i)) != 0).ToArray()).ToList();

    // ----- generators -------------------------------------------------------------------------------------------

    private static readonly Gen<Dimension[]> Active =
        from picks in Gen.Int[0, Dimensions.Length - 1].Array[3, 3]
        from count in Gen.Frequency((4, Gen.Const(1)), (4, Gen.Const(2)), (2, Gen.Const(3)))
        let chosen = picks.Take(count).Distinct().ToArray()
        select (chosen.Contains(8) ? chosen.Take(2) : chosen).Select(i => Dimensions[i]).ToArray();

    public static readonly Gen<PairSpec> Pairs =
        from active in Active
        from a in Clause("a", active, dated: true)
        from b in Clause("b", active, dated: true)
        from supersedes in Gen.Int[0, 9]
        select new PairSpec(active, a with { Supersedes = supersedes == 0 ? "t/b" : null }, b with { Supersedes = supersedes == 1 ? "t/a" : null });

    public static readonly Gen<SingleSpec> Singles =
        from active in Active
        from clause in Clause("a", active, dated: true)
        select new SingleSpec(active, clause);

    /// <summary>A clause; with <paramref name="dated"/>, its exception may carry a window of its own (the analysis judges
    /// dated carve-outs per date, as the pair analysis does waivers).</summary>
    private static Gen<ClauseSpec> Clause(string id, Dimension[] active, bool dated = false) =>
        from hasWhen in Gen.Int[0, 9]
        from when in Condition(active, 1)
        from require in Gen.Bool
        from condition in Condition(active, hasWhen < 4 ? 1 : 2)
        from hasException in Gen.Int[0, 9]
        from exception in Condition(active, 0)
        from window in Gen.Int[0, 5]
        from hasWaiver in Gen.Int[0, 9]
        from waiverWhen in Condition(active, 0)
        from waiverHasWhen in Gen.Bool
        from expires in Gen.OneOf("2025-06-01", "2026-06-01")
        from exceptionWindow in Gen.Int[0, ExceptionWindows.Length - 1]
        from through in Gen.Bool
        select new ClauseSpec(
            id,
            hasWhen < 4 ? when : null,
            require,
            condition,
            hasException < 2 ? exception : null,
            Windows[window].From,
            Windows[window].Until,
            null,
            hasWaiver < 2 ? new WaiverSpec(waiverHasWhen ? waiverWhen : null, expires) : null)
        {
            ExceptionWindow = dated ? ExceptionWindows[exceptionWindow] : (null, null),
            Through = through,
        };

    /// <summary>Exception windows as written: from inclusive, through inclusive.</summary>
    private static readonly (string? From, string? Through)[] ExceptionWindows =
    [
        (null, null), (null, null), ("2025-06-01", null), (null, "2025-12-31"), ("2025-01-01", "2026-05-31"), ("2026-01-01", null),
    ];

    private static readonly (string? From, string? Until)[] Windows =
    [
        (null, null), (null, null), ("2025-01-01", null), (null, "2026-01-01"), ("2025-01-01", "2027-01-01"), ("2026-01-01", null),
    ];

    private static Gen<Cond> Condition(Dimension[] active, int depth)
    {
        var atom = Gen.Int[0, active.Length - 1].SelectMany(i => Atom(active[i]));
        if (depth == 0)
        {
            return atom;
        }

        return Gen.Frequency(
            (4, atom),
            (1, Condition(active, depth - 1).Select(inner => (Cond)new Defined(inner))),
            (1, Condition(active, depth - 1).Array[2, 2].Select(items => (Cond)new Combine("all", items))),
            (1, Condition(active, depth - 1).Array[2, 2].Select(items => (Cond)new Combine("any", items))),
            (1, Condition(active, depth - 1).Select(inner => (Cond)new Negate(inner))));
    }

    private static Gen<Cond> Atom(Dimension d) => d.Shape switch
    {
        Shape.Text or Shape.Choice => Gen.OneOf(
            Gen.OneOf(d.Constants).Select(c => Op(d.Path, "equals", c)),
            Gen.OneOf(d.Constants).Select(c => Op(d.Path, "notEquals", c)),
            Gen.OneOf(d.Constants).Array[1, 2].Select(cs => Op(d.Path, "in", List(cs))),
            Gen.OneOf(d.Constants).Array[1, 2].Select(cs => Op(d.Path, "notIn", List(cs))),
            Gen.OneOf(d.Constants).Array[1, 2].Select(cs => (Cond)new DefinedList(d.Path, "in", cs)),
            Gen.OneOf(d.Constants).Array[1, 2].Select(cs => (Cond)new DefinedList(d.Path, "notIn", cs)),
            Gen.Bool.Select(b => Op(d.Path, "exists", Flag(b)))),
        Shape.Flag => Gen.OneOf(
            Gen.Bool.Select(b => Op(d.Path, "equals", Flag(b))),
            Gen.Bool.Select(b => Op(d.Path, "notEquals", Flag(b))),
            Gen.Bool.Select(b => Op(d.Path, "exists", Flag(b)))),
        Shape.Number or Shape.Instant => Gen.OneOf(
            from op in Gen.OneOf("equals", "notEquals", "gt", "gte", "lt", "lte")
            from c in Gen.OneOf(d.Constants)
            select Op(d.Path, op, c),
            Gen.OneOf(d.Constants).Array[1, 2].Select(cs => Op(d.Path, "in", List(cs))),
            Gen.Bool.Select(b => Op(d.Path, "exists", Flag(b)))),
        Shape.Partners => Gen.OneOf(
            Gen.Bool.Select(b => Op(d.Path, "exists", Flag(b))),
            Gen.OneOf(d.Constants).Select(c => Op(d.Path, "contains", c)),
            from q in Gen.OneOf("some", "every", "none")
            from inner in Gen.OneOf(
                Gen.OneOf(d.Constants).Select(c => $"{{ equals: {c} }}"),
                Gen.OneOf(d.Constants).Select(c => $"{{ notEquals: {c} }}"),
                Gen.OneOf(d.Constants).Array[1, 2].Select(cs => $"{{ in: {List(cs)} }}"),
                Gen.OneOf(d.Constants).Array[1, 2].Select(cs => $"{{ notIn: {List(cs)} }}"))
            select (Cond)new Quantified(d.Path, q, inner)),
        Shape.Map => Gen.Bool.Select(b => Op(d.Path, "exists", Flag(b))),
        Shape.Affixed => Gen.OneOf(
            Gen.OneOf(Prefixes).Array[1, 2].Select(ps => Op(d.Path, "startsWith", ps.Length == 1 ? ps[0] : List(ps))),
            Gen.OneOf(Suffixes).Array[1, 2].Select(ss => Op(d.Path, "endsWith", ss.Length == 1 ? ss[0] : List(ss))),
            Gen.OneOf(d.Constants).Select(c => Op(d.Path, "equals", c)),
            Gen.OneOf(d.Constants).Array[1, 2].Select(cs => Op(d.Path, "notIn", List(cs))),
            Gen.Bool.Select(b => Op(d.Path, "exists", Flag(b)))),
        _ => Gen.OneOf(
            Gen.Bool.Select(b => Op(d.Path, "exists", Flag(b))),
            from q in Gen.OneOf("some", "every", "none")
            from inner in CallCondition(d, 1)
            select (Cond)new Quantified(d.Path, q, inner.Yaml)),
    };

    private static Gen<Cond> CallCondition(Dimension calls, int depth)
    {
        var atom = Gen.OneOf(
            Gen.OneOf(calls.Constants).Select(c => Op("cloud", "equals", c)),
            Gen.OneOf(calls.Constants).Select(c => Op("cloud", "notEquals", c)),
            Gen.OneOf(calls.Constants).Array[1, 2].Select(cs => Op("cloud", "in", List(cs))),
            Gen.OneOf("stateless", "stateful").Select(m => Op("mode", "equals", m)));
        return depth == 0
            ? atom
            : Gen.Frequency(
                (3, atom),
                (1, CallCondition(calls, depth - 1).Array[2, 2].Select(items => (Cond)new Combine("any", items))),
                (1, CallCondition(calls, depth - 1).Select(inner => (Cond)new Negate(inner))));
    }

    private static Cond Op(string path, string op, string operand) => new Comparison(path, op, operand);

    private static string List(IEnumerable<string> items) => "[" + string.Join(", ", items) + "]";

    private static string Flag(bool b) => b ? "true" : "false";

    // ----- rule files -------------------------------------------------------------------------------------------

    public static IReadOnlyList<RuleSource> Render(PairSpec pair) => Render([pair.A, pair.B]);

    public static IReadOnlyList<RuleSource> Render(IReadOnlyList<ClauseSpec> clauses)
    {
        var contract = new StringBuilder("apiVersion: compliance/v1\ncontract:\n  id: t\n  title: T\n  parties: [A, B]\nclauses:\n");
        var waivers = new StringBuilder();
        foreach (var clause in clauses)
        {
            contract.Append(CultureInfo.InvariantCulture, $"  - id: {clause.Id}\n    title: Clause {clause.Id}\n    text: Clause {clause.Id}.\n    appliesTo: deployment\n");
            if (clause.From is not null || clause.Until is not null)
            {
                // The same window, its end written either way: `until` the first day out, or `through` the last day in.
                var end = clause.Until is null ? null
                    : clause.Through ? $"through: {DateOnly.Parse(clause.Until, CultureInfo.InvariantCulture).AddDays(-1):yyyy-MM-dd}"
                    : $"until: {clause.Until}";
                var parts = new[] { clause.From is null ? null : $"from: {clause.From}", end };
                contract.Append(CultureInfo.InvariantCulture, $"    effective: {{ {string.Join(", ", parts.OfType<string>())} }}\n");
            }

            if (clause.When is not null)
            {
                contract.Append(CultureInfo.InvariantCulture, $"    when: {clause.When.Yaml}\n");
            }

            contract.Append(CultureInfo.InvariantCulture, $"    {(clause.Require ? "require" : "forbid")}: {clause.Condition.Yaml}\n");
            if (clause.Exception is not null)
            {
                contract.Append(CultureInfo.InvariantCulture, $"    exceptions:\n      - id: x\n        when: {clause.Exception.Yaml}\n");
                if (clause.ExceptionWindow is (var from, var through) && (from is not null || through is not null))
                {
                    var parts = new[] { from is null ? null : $"from: {from}", through is null ? null : $"through: {through}" };
                    contract.Append(CultureInfo.InvariantCulture, $"        effective: {{ {string.Join(", ", parts.OfType<string>())} }}\n");
                }
            }

            if (clause.Supersedes is not null)
            {
                contract.Append(CultureInfo.InvariantCulture, $"    supersedes: [{clause.Supersedes}]\n");
            }

            if (clause.Waiver is { } waiver)
            {
                waivers.Append(CultureInfo.InvariantCulture, $"  - id: w-{clause.Id}\n    clause: t/{clause.Id}\n    reason: Generated.\n    expires: {waiver.Expires}\n");
                if (waiver.When is not null)
                {
                    waivers.Append(CultureInfo.InvariantCulture, $"    when: {waiver.When.Yaml}\n");
                }
            }
        }

        var definitions = clauses
            .SelectMany(c => new[] { c.When, c.Condition, c.Exception, c.Waiver?.When })
            .OfType<Cond>()
            .SelectMany(c => c.Definitions)
            .DistinctBy(d => d.Id)
            .ToArray();
        if (definitions.Length > 0)
        {
            contract.Append("definitions:\n");
            foreach (var (id, body) in definitions)
            {
                contract.Append(CultureInfo.InvariantCulture, $"  - id: {id}\n    {body}\n");
            }
        }

        var sources = new List<RuleSource> { new("t.yaml", contract.ToString()) };
        if (waivers.Length > 0)
        {
            sources.Add(new RuleSource("waivers.yaml", "apiVersion: compliance/v1\nwaivers:\n" + waivers));
        }

        return sources;
    }

    public static RuleSet Load(PairSpec pair) => Load([pair.A, pair.B]);

    public static RuleSet Load(IReadOnlyList<ClauseSpec> clauses)
    {
        var result = new RuleSetLoader().LoadStrings(Render(clauses));
        return result.RuleSet ?? throw new InvalidOperationException(
            "a generated rule set does not load:\n" + string.Join("\n", result.Diagnostics) + "\n" + string.Join("\n", Render(clauses).Select(s => s.Content)));
    }

    // ----- the brute-force oracle -------------------------------------------------------------------------------

    /// <summary>What enumerating every subject of the domain on every date finds for the pair, under the definition:
    /// among the subjects both clauses apply to, a group that agrees on every path the two conditions do not demand, on
    /// one date, is in conflict when one of them satisfies A, one satisfies B, and none satisfies both; it is a
    /// contradiction when one of them also violates both.</summary>
    public static Expected Oracle(PairSpec pair, RuleSet rules)
    {
        var demanded = new HashSet<string>(pair.A.Condition.Paths.Concat(pair.B.Condition.Paths), StringComparer.Ordinal);
        if (demanded.Contains("tags"))
        {
            demanded.Add("tags.team");
        }

        var groups = new Dictionary<string, Group>(StringComparer.Ordinal);
        foreach (var date in Dates)
        {
            var options = new EvaluationOptions { AsOf = DateOnly.Parse(date, CultureInfo.InvariantCulture), Trace = true };
            foreach (var values in Assignments(pair.Active))
            {
                var verdict = rules.Evaluate(Subject(values), options);
                var a = verdict.Clauses.Single(c => c.Id == "t/a").Status;
                var b = verdict.Clauses.Single(c => c.Id == "t/b").Status;
                var key = date + "|" + string.Join("|", values.Where(v => !demanded.Contains(v.Key)).OrderBy(v => v.Key, StringComparer.Ordinal)
                    .Select(v => v.Key + "=" + Describe(v.Value)));
                if (!groups.TryGetValue(key, out var group))
                {
                    group = new Group();
                    groups[key] = group;
                }

                var appliesA = a is not (ClauseStatus.NotApplicable or ClauseStatus.Superseded);
                var appliesB = b is not (ClauseStatus.NotApplicable or ClauseStatus.Superseded);
                if (!appliesA || !appliesB)
                {
                    continue;
                }

                group.BothApply = true;
                group.BothViolated |= a == ClauseStatus.Violated && b == ClauseStatus.Violated;
                group.SatisfiesA |= a != ClauseStatus.Violated;
                group.SatisfiesB |= b != ClauseStatus.Violated;
                group.SatisfiesBoth |= a != ClauseStatus.Violated && b != ClauseStatus.Violated;
            }
        }

        var conflicts = groups.Values.Where(g => g.BothApply && g.SatisfiesA && g.SatisfiesB && !g.SatisfiesBoth).ToArray();
        return conflicts.Any(g => g.BothViolated) ? Expected.Contradiction
            : conflicts.Length > 0 ? Expected.Exclusive
            : Expected.None;
    }

    private sealed class Group
    {
        public bool BothApply { get; set; }

        public bool BothViolated { get; set; }

        public bool SatisfiesA { get; set; }

        public bool SatisfiesB { get; set; }

        public bool SatisfiesBoth { get; set; }
    }

    /// <summary>The dead-code findings that enumerating every subject of the domain, on every date of <see cref="Dates"/>
    /// the clause is in force, predicts for a single clause and its waiver, following the definitions in
    /// docs/diagnostics.md. An exception counts only on the dates of its own window: the clause is never violated (CMP0111)
    /// when on no date a subject violates it, and never satisfiable (CMP0114) when on some date no subject meets it.</summary>
    public static IReadOnlyList<string> DeadCodeOracle(SingleSpec single, RuleSet rules)
    {
        var clause = rules.Clauses.Single();
        var waiver = rules.Waivers.SingleOrDefault();
        var subjects = Assignments(single.Active).Select(Subject).ToArray();
        var days = Dates.Select(d => DateOnly.Parse(d, CultureInfo.InvariantCulture)).Where(clause.Effective.Contains).ToArray();
        var scope = new EvaluationScope();
        bool Holds(Conditions.Condition? condition, object subject) => condition is null || condition.Evaluate(subject, scope);
        bool Applies(object s) => Holds(clause.When, s);
        bool Complies(object s) => Holds(clause.Condition, s) == (clause.Mode == ClauseMode.Require);
        bool Excepted(object s, DateOnly day) => clause.Exceptions.Any(e => e.Effective.Contains(day) && Holds(e.When, s));
        bool Exists(Func<object, bool> predicate) => subjects.Any(predicate);

        var codes = new List<string>();
        if (!Exists(Applies))
        {
            codes.Add("CMP0110");
        }
        else if (!Exists(s => Applies(s) && !Complies(s)))
        {
            codes.Add("CMP0113");
        }
        else
        {
            if (clause.Exceptions.Count > 0 && !days.Any(day => Exists(s => Applies(s) && !Complies(s) && !Excepted(s, day))))
            {
                codes.Add("CMP0111");
            }

            if (days.Any(day => !Exists(s => Applies(s) && (Complies(s) || Excepted(s, day)))))
            {
                codes.Add("CMP0114");
            }

            foreach (var exception in clause.Exceptions)
            {
                if (!Exists(s => Applies(s) && !Complies(s) && Holds(exception.When, s)))
                {
                    codes.Add("CMP0115");
                }
            }
        }

        if (waiver is not null)
        {
            if (!Exists(s => Applies(s) && Holds(waiver.When, s)))
            {
                codes.Add("CMP0121");
            }
            else if (!days.Any(day => Exists(s => Applies(s) && Holds(waiver.When, s) && !Complies(s) && !Excepted(s, day))))
            {
                codes.Add("CMP0122");
            }
        }

        return codes.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>One subject of every class the active dimensions' comparisons can tell apart: a complete domain.</summary>
    public static IEnumerable<DeploymentSubject> Subjects(Dimension[] active) => Assignments(active).Select(Subject);

    private static IEnumerable<Dictionary<string, object?>> Assignments(Dimension[] active)
    {
        IEnumerable<Dictionary<string, object?>> all = [new Dictionary<string, object?>(StringComparer.Ordinal)];
        foreach (var dimension in active)
        {
            var current = dimension;
            all = all.SelectMany(a => current.Domain.Select(v => new Dictionary<string, object?>(a, StringComparer.Ordinal) { [current.Path] = v }));
        }

        return all;
    }

    private static string Describe(object? value) => value switch
    {
        null => "-",
        string[] items => string.Join(",", items),
        (string, RuntimeMode)[] calls => string.Join(",", calls.Select(c => $"{c.Item1}/{c.Item2}")),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "-",
    };

    private static DeploymentSubject Subject(Dictionary<string, object?> values)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (values.GetValueOrDefault("tags.team") is string team)
        {
            tags["team"] = team;
        }

        if (values.GetValueOrDefault("tags") is true)
        {
            tags["other"] = "x";
        }

        return new DeploymentSubject
        {
            Product = "Frontier",
            Vendor = "OpenAI",
            HostCloud = values.TryGetValue("hostCloud", out var host) ? (string)host! : "Azure",
            Runtime = values.TryGetValue("runtime", out var runtime) ? (RuntimeMode)runtime! : RuntimeMode.Stateful,
            Distributor = values.GetValueOrDefault("distributor") as string,
            Region = values.GetValueOrDefault("region") as string,
            SoldAsApi = values.GetValueOrDefault("soldAsApi") is true,
            CapacityMw = values.GetValueOrDefault("capacityMw") as double?,
            Timestamp = values.GetValueOrDefault("timestamp") as DateTimeOffset?,
            Partners = values.GetValueOrDefault("partners") as string[] ?? [],
            Tags = tags,
            Calls = (values.GetValueOrDefault("calls") as (string Cloud, RuntimeMode Mode)[] ?? [])
                .Select(c => new CallSubject { Vendor = "OpenAI", Model = "m", Mode = c.Mode, Cloud = c.Cloud }).ToArray(),
        };
    }
}

internal enum Shape
{
    Text,
    Choice,
    Flag,
    Number,
    Instant,
    Partners,
    Map,
    Calls,
    Affixed,
}

internal enum Expected
{
    None,
    Contradiction,
    Exclusive,
}

/// <summary>A path of the fragment: the constants rules compare it with, and a brute-force domain meeting every class.</summary>
internal sealed record Dimension(string Path, Shape Shape, string[] Constants, object?[] Domain)
{
    public override string ToString() => Path;
}

internal abstract record Cond
{
    public abstract string Yaml { get; }

    /// <summary>The top-level paths the condition reads (a quantifier reads its list).</summary>
    public abstract IEnumerable<string> Paths { get; }

    /// <summary>The definitions the condition names (<c>is: term</c>, <c>$term</c>), innermost first: id and body.</summary>
    public virtual IEnumerable<(string Id, string Body)> Definitions => [];

    public override string ToString() => Yaml;

    /// <summary>A stable id for generated text (FNV-1a), so that equal definitions share one id.</summary>
    public static string IdOf(string prefix, string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return prefix + hash.ToString("x8", CultureInfo.InvariantCulture);
    }
}

/// <summary><c>is: term</c> for a definition whose condition is <see cref="Inner"/>.</summary>
internal sealed record Defined(Cond Inner) : Cond
{
    public string Id => IdOf("d-", Inner.Yaml);

    public override string Yaml => $"{{ is: {Id} }}";

    public override IEnumerable<string> Paths => Inner.Paths;

    public override IEnumerable<(string Id, string Body)> Definitions => Inner.Definitions.Append((Id, $"condition: {Inner.Yaml}"));
}

/// <summary><c>path: {in|notIn: $term}</c> for a defined list of <see cref="Values"/>.</summary>
internal sealed record DefinedList(string Path, string Operator, string[] Values) : Cond
{
    public string Id => IdOf("l-", string.Join(",", Values));

    public override string Yaml => $"{{ {Path}: {{ {Operator}: ${Id} }} }}";

    public override IEnumerable<string> Paths => [Path];

    public override IEnumerable<(string Id, string Body)> Definitions => [(Id, $"values: [{string.Join(", ", Values)}]")];
}

internal sealed record Comparison(string Path, string Operator, string Operand) : Cond
{
    public override string Yaml => $"{{ {Path}: {{ {Operator}: {Operand} }} }}";

    public override IEnumerable<string> Paths => [Path];
}

internal sealed record Combine(string Name, Cond[] Items) : Cond
{
    public override string Yaml => $"{{ {Name}: [{string.Join(", ", Items.Select(i => i.Yaml))}] }}";

    public override IEnumerable<string> Paths => Items.SelectMany(i => i.Paths);

    public override IEnumerable<(string Id, string Body)> Definitions => Items.SelectMany(i => i.Definitions);
}

internal sealed record Negate(Cond Inner) : Cond
{
    public override string Yaml => $"{{ not: {Inner.Yaml} }}";

    public override IEnumerable<string> Paths => Inner.Paths;

    public override IEnumerable<(string Id, string Body)> Definitions => Inner.Definitions;
}

internal sealed record Quantified(string Path, string Quantifier, string Inner) : Cond
{
    public override string Yaml => $"{{ {Path}: {{ {Quantifier}: {Inner} }} }}";

    public override IEnumerable<string> Paths => [Path];
}

internal sealed record WaiverSpec(Cond? When, string Expires);

internal sealed record ClauseSpec(string Id, Cond? When, bool Require, Cond Condition, Cond? Exception, string? From, string? Until,
    string? Supersedes, WaiverSpec? Waiver)
{
    /// <summary>The exception's own window, <c>from</c> and <c>through</c>; none by default.</summary>
    public (string? From, string? Through) ExceptionWindow { get; init; }

    /// <summary>Whether the clause's end is written as <c>through</c> its last day rather than <c>until</c>.</summary>
    public bool Through { get; init; }
}

internal sealed record SingleSpec(Dimension[] Active, ClauseSpec Clause)
{
    public override string ToString() => string.Join("\n---\n", Fragment.Render([Clause]).Select(s => s.Content));
}

internal sealed record PairSpec(Dimension[] Active, ClauseSpec A, ClauseSpec B)
{
    public override string ToString() => string.Join("\n---\n", Fragment.Render(this).Select(s => s.Content));
}
