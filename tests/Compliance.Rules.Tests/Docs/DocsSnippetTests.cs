using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Docs;

/// <summary>Every C# block in the library guide is code that compiles and runs: a region of a sample or a test.</summary>
/// <remarks>In the guide, <c>&lt;!-- snippet: name --&gt;</c> on the line before a <c>```csharp</c> block names the region;
/// in the code, <c>// &lt;snippet:name&gt;</c> and <c>// &lt;/snippet:name&gt;</c> enclose it. The block must equal the
/// region, less the region's common indentation.</remarks>
public partial class DocsSnippetTests
{
    private static readonly string[] CodeFolders = ["samples", "tests", "src"];

    public static IEnumerable<TestCaseData> GuideBlocks() =>
        Blocks(Path.Combine(RepoRoot.Path, "docs", "library.md")).Select(b => new TestCaseData(b.Name, b.Code).SetArgDisplayNames(b.Name ?? $"line {b.Line}"));

    [TestCaseSource(nameof(GuideBlocks))]
    public void GuideBlock_IsTheCodeRegionOfTheSameName(string? name, string code)
    {
        Assert.That(name, Is.Not.Null, $"a C# block in docs/library.md has no `<!-- snippet: name -->` line before it:\n{code}");
        var regions = Regions().Where(r => r.Name == name).ToArray();
        Assert.That(regions.Select(r => r.File).ToArray(), Has.Length.EqualTo(1), $"`{name}` should be one region in the code");
        Assert.That(code, Is.EqualTo(regions[0].Code), $"docs/library.md's `{name}` differs from {regions[0].File}");
    }

    [Test]
    public void Guide_HasTheSectionsTheLibraryOffers()
    {
        var names = Blocks(Path.Combine(RepoRoot.Path, "docs", "library.md")).Select(b => b.Name).ToArray();

        Assert.That(names, Is.SupersetOf(new[]
        {
            "loading", "evaluating", "batches", "batch-pipeline", "custom-kind-types", "custom-kind-registration", "tests-documents",
            "add-compliance", "evaluate-in-service", "watch-health", "logging-filter", "meter-listener", "nunit-assertions",
        }));
    }

    [Test]
    public void Dedent_RemovesTheCommonIndentation_AndKeepsRelativeIndentation()
    {
        Assert.That(Dedent(["        if (x)", "        {", "            y();", "", "        }"]), Is.EqualTo("if (x)\n{\n    y();\n\n}"));
    }

    private sealed record Block(string? Name, string Code, int Line);

    private sealed record Region(string Name, string Code, string File);

    private static IEnumerable<Block> Blocks(string markdown)
    {
        var lines = File.ReadAllLines(markdown);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```csharp")
            {
                continue;
            }

            var start = i;
            var body = new List<string>();
            for (i++; i < lines.Length && lines[i].Trim() != "```"; i++)
            {
                body.Add(lines[i]);
            }

            var marker = start > 0 ? SnippetMarker().Match(lines[start - 1]) : Match.Empty;
            yield return new Block(marker.Success ? marker.Groups[1].Value : null, string.Join('\n', body), start + 1);
        }
    }

    private static IEnumerable<Region> Regions()
    {
        foreach (var folder in CodeFolders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoRoot.Path, folder), "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(RepoRoot.Path, file).Replace('\\', '/');
                if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal))
                {
                    continue;
                }

                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    var open = RegionStart().Match(lines[i]);
                    if (!open.Success)
                    {
                        continue;
                    }

                    var name = open.Groups[1].Value;
                    var end = Array.FindIndex(lines, i + 1, l => l.Trim() == $"// </snippet:{name}>");
                    Assert.That(end, Is.GreaterThan(i), $"{relative}:{i + 1}: region `{name}` is not closed");
                    yield return new Region(name, Dedent(lines[(i + 1)..end]), relative);
                }
            }
        }
    }

    private static string Dedent(string[] lines)
    {
        var indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join('\n', lines.Select(l => l.Trim().Length == 0 ? string.Empty : l[indent..].TrimEnd()));
    }

    [GeneratedRegex(@"^\s*<!--\s*snippet:\s*([a-z0-9-]+)\s*-->\s*$")]
    private static partial Regex SnippetMarker();

    [GeneratedRegex(@"^\s*// <snippet:([a-z0-9-]+)>\s*$")]
    private static partial Regex RegionStart();
}
