using System.Text.RegularExpressions;
using Compliance.Rules.Diagnostics;
using CsCheck;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Security;

/// <summary>Whatever text arrives as a rule file, the loader answers with diagnostics and never throws.</summary>
public sealed partial class LoaderPropertyTests
{
    private static readonly RuleSource[] Bundled = BundledRuleFiles();

    private static RuleSource[] BundledRuleFiles()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Compliance.sln")))
        {
            directory = directory.Parent;
        }

        var rules = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("no Compliance.sln above the tests"), "rules");
        return Directory.EnumerateFiles(rules, "*.yaml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => new RuleSource("rules/" + Path.GetRelativePath(rules, f).Replace('\\', '/'), File.ReadAllText(f)))
            .ToArray();
    }

    [GeneratedRegex("^CMP[0-9]{4}$")]
    private static partial Regex Code();

    /// <summary>Loads the sources; fails the property with the input when the loader throws or breaks its contract.</summary>
    private static void AssertLoads(IReadOnlyList<RuleSource> sources)
    {
        LoadResult result;
        try
        {
            result = new RuleSetLoader().LoadStrings(sources);
        }
        catch (Exception exception)
        {
            throw new AssertionException($"the loader threw {exception}");
        }

        var paths = sources.Select(s => s.Path).ToHashSet();
        foreach (var diagnostic in result.Diagnostics)
        {
            var where = diagnostic.ToString();
            Assert.That(Code().IsMatch(diagnostic.Code), where);
            Assert.That(paths, Does.Contain(diagnostic.File), where);
            Assert.That(diagnostic.Line, Is.GreaterThanOrEqualTo(1), where);
            Assert.That(diagnostic.Column, Is.GreaterThanOrEqualTo(1), where);
            Assert.That(diagnostic.Message, Is.Not.Empty, where);
            Assert.That(char.IsUpper(diagnostic.Message[0]), Is.False, $"messages start in lower case: {where}");
            Assert.That(diagnostic.Message, Does.Not.Contain('\n'), $"messages are one line: {where}");
        }

        Assert.That(result.Succeeded, Is.EqualTo(!result.Errors.Any()));
        Assert.That(result.Diagnostics, Is.Ordered.By(nameof(Diagnostic.File)).Using((IComparer<string>)StringComparer.Ordinal)
            .Then.By(nameof(Diagnostic.Line)).Then.By(nameof(Diagnostic.Column)));
    }

    private static readonly string[] Noise =
    [
        ":", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!x ", "!!str ", "'", "\"", "#", "|", ">", "? ", "\t", "\n", "  ", "---\n", "...",
        "%YAML 1.2", "\\", "\u00AD", "\u0000", "\uFEFF", "é", "~", "null", "true", "2026-02-30", "1e999", "-1", "(", ")", "subject.", "{cloud}",
    ];

    /// <summary>One edit of a rule file's lines: delete, duplicate, swap, flip a character, or insert noise.</summary>
    private static Gen<Func<List<string>, List<string>>> Mutation =>
        Gen.Frequency(
            (3, Gen.Int[0, 1000].Select(i => (Func<List<string>, List<string>>)(lines => { if (lines.Count > 0) { lines.RemoveAt(i % lines.Count); } return lines; }))),
            (2, Gen.Int[0, 1000].Select(i => (Func<List<string>, List<string>>)(lines => { if (lines.Count > 0) { lines.Insert(i % lines.Count, lines[i % lines.Count]); } return lines; }))),
            (2, Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 1000], (i, j) => (Func<List<string>, List<string>>)(lines =>
            {
                if (lines.Count > 1)
                {
                    (lines[i % lines.Count], lines[j % lines.Count]) = (lines[j % lines.Count], lines[i % lines.Count]);
                }

                return lines;
            }))),
            (4, Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 200], Gen.Char, (i, at, c) => (Func<List<string>, List<string>>)(lines =>
            {
                if (lines.Count > 0 && lines[i % lines.Count].Length > 0)
                {
                    var line = lines[i % lines.Count];
                    var position = at % line.Length;
                    lines[i % lines.Count] = line[..position] + c + line[(position + 1)..];
                }

                return lines;
            }))),
            (4, Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 200], Gen.OneOf(Noise), (i, at, noise) => (Func<List<string>, List<string>>)(lines =>
            {
                if (lines.Count > 0)
                {
                    var line = lines[i % lines.Count];
                    var position = line.Length == 0 ? 0 : at % line.Length;
                    lines[i % lines.Count] = line[..position] + noise + line[position..];
                }

                return lines;
            }))));

    [Test]
    public void MutatedBundledRuleFiles_YieldDiagnostics_NeverAnException()
    {
        var gen = Gen.Select(Gen.Int[0, Bundled.Length - 1], Mutation.Array[1, 6], (file, mutations) =>
        {
            var lines = Bundled[file].Content.Split('\n').ToList();
            foreach (var mutate in mutations)
            {
                lines = mutate(lines);
            }

            return Bundled.Select((source, i) => i == file ? source with { Content = string.Join('\n', lines) } : source).ToArray();
        });

        gen.Sample(AssertLoads, iter: 200, threads: 1, print: sources => string.Join("\n----\n", sources.Select(s => $"{s.Path}:\n{s.Content}")));
    }

    /// <summary>Random YAML built from the rule language's own words, so that it often gets deep into validation and compilation.</summary>
    private static readonly Gen<string> Word = Gen.OneOf(
        "apiVersion", "compliance/v1", "contract", "clauses", "waivers", "tests", "id", "title", "text", "parties", "appliesTo", "call",
        "deployment", "when", "require", "forbid", "effect", "violation", "review", "warning", "message", "remediation", "exceptions",
        "supersedes", "effective", "from", "until", "section", "all", "any", "not", "expression", "cloud", "vendor", "mode", "partners",
        "calls", "tags.team", "tokens", "timestamp", "equals", "notEquals", "in", "notIn", "exists", "gt", "gte", "lt", "lte", "matches",
        "contains", "some", "every", "none", "stateless", "Azure", "2026-03-01", "2019-07-22", "1", "-3.5", "true", "null", "'(a+)+$'",
        "'('", "\"subject.Cloud == \\\"Azure\\\"\"", "\"subject.GetType()\"", "\"{cloud}\"", "msft-openai/x", "clause", "expires", "name",
        "subject", "expect", "outcome", "kind");

    private static Gen<string> Yaml(int depth) => depth == 0
        ? Word
        : Gen.Frequency(
            (3, Word),
            (2, Gen.Select(Word, Yaml(depth - 1), (k, v) => $"{{ {k}: {v} }}")),
            (2, Yaml(depth - 1).Array[0, 4].Select(items => $"[{string.Join(", ", items)}]")),
            (3, Gen.Select(Word, Yaml(depth - 1), Word, Yaml(depth - 1), (k1, v1, k2, v2) => $"{{ {k1}: {v1}, {k2}: {v2} }}")));

    [Test]
    public void RandomRuleDocuments_YieldDiagnostics_NeverAnException()
    {
        var clause = Gen.Select(Word, Yaml(3), Word, Yaml(3), (k1, v1, k2, v2) => $"  - {{ id: c, title: t, text: t, appliesTo: call, {k1}: {v1}, {k2}: {v2} }}");
        var document = Gen.Select(Gen.Bool, clause.Array[0, 4], Yaml(4), (contract, clauses, other) => contract
            ? "apiVersion: compliance/v1\ncontract: { id: acme, title: Acme, parties: [A] }\nclauses:\n" + string.Join("\n", clauses) + "\n"
            : "apiVersion: compliance/v1\nwaivers: " + other + "\n");

        document.Sample(text => AssertLoads([new RuleSource("rules/random.yaml", text)]), iter: 300, threads: 1);
    }

    [Test]
    public void ArbitraryText_YieldsDiagnostics_NeverAnException()
    {
        Gen.String.Sample(text => AssertLoads([new RuleSource("rules/text.yaml", text)]), iter: 500, threads: 1);
    }
}
