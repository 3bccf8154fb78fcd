using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Docs;

/// <summary>Every C# block in the README, every page of docs/ and the packages' READMEs is code that compiles and runs: a
/// region of a sample or a test, or a whole sample file.</summary>
/// <remarks>In docs/*.md and README.md, <c>&lt;!-- snippet: name --&gt;</c> on the line before a <c>```csharp</c>
/// block names the region; in the code, <c>// &lt;snippet:name&gt;</c> and <c>// &lt;/snippet:name&gt;</c> enclose it.
/// The block must equal the region, less the region's common indentation. <c>&lt;!-- file: path --&gt;</c> instead
/// names a file (from the repository's root) that the block must equal in full. A package's README is shown on
/// nuget.org, which would print such a comment, so its blocks carry no marker: each must equal some region or
/// some sample's <c>Program.cs</c>.</remarks>
public partial class DocsSnippetTests
{
    private static readonly string[] CodeFolders = ["samples", "tests", "src"];

    /// <summary>The Markdown files whose C# blocks each carry a marker: the README and every page under docs/.</summary>
    private static IEnumerable<string> MarkedDocuments =>
        Directory.GetFiles(Path.Combine(RepoRoot.Path, "docs"), "*.md")
            .Select(file => Path.GetRelativePath(RepoRoot.Path, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Prepend("README.md");

    public static IEnumerable<TestCaseData> GuideBlocks() =>
        MarkedDocuments.SelectMany(document => Blocks(Path.Combine(RepoRoot.Path, document))
            .Select(b => new TestCaseData(document, b.Name, b.File, b.Code).SetArgDisplayNames(document, b.Name ?? b.File ?? $"line {b.Line}")));

    public static IEnumerable<TestCaseData> PackageReadmeBlocks() =>
        Directory.GetFiles(Path.Combine(RepoRoot.Path, "src"), "README.md", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(RepoRoot.Path, file).Replace('\\', '/'))
            .Where(file => !file.Contains("/bin/", StringComparison.Ordinal) && !file.Contains("/obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .SelectMany(document => Blocks(Path.Combine(RepoRoot.Path, document))
                .Select(b => new TestCaseData(document, b.Code).SetArgDisplayNames(document, $"line {b.Line}")));

    [TestCaseSource(nameof(GuideBlocks))]
    public void GuideBlock_IsTheCodeRegionOfTheSameName(string document, string? name, string? file, string code)
    {
        if (file is not null)
        {
            var path = Path.Combine(RepoRoot.Path, file);
            Assert.That(File.Exists(path), Is.True, $"{document} names `{file}`, which does not exist");
            Assert.That(code, Is.EqualTo(ReadCode(path)), $"{document}'s block differs from {file}, which it says it is in full");
            return;
        }

        Assert.That(name, Is.Not.Null, $"a C# block in {document} has no `<!-- snippet: name -->` or `<!-- file: path -->` line before it:\n{code}");
        var regions = Regions().Where(r => r.Name == name).ToArray();
        Assert.That(regions.Select(r => r.File).ToArray(), Has.Length.EqualTo(1), $"`{name}` should be one region in the code");
        Assert.That(code, Is.EqualTo(regions[0].Code), $"{document}'s `{name}` differs from {regions[0].File}");
    }

    [TestCaseSource(nameof(PackageReadmeBlocks))]
    public void PackageReadmeBlock_IsARegionOrASampleProgram(string document, string code)
    {
        var samples = Directory.GetFiles(Path.Combine(RepoRoot.Path, "samples"), "Program.cs", SearchOption.AllDirectories);

        Assert.That(Regions().Any(r => r.Code == code) || samples.Any(s => ReadCode(s) == code), Is.True,
            $"a C# block in {document} is neither a `// <snippet:name>` region of the code nor a sample's Program.cs:\n{code}");
    }

    [Test]
    public void ReferencePages_AreChecked()
    {
        Assert.That(GuideBlocks().Select(c => (string)c.Arguments[0]!).Distinct(),
            Is.SupersetOf(new[] { "README.md", "docs/library.md", "docs/security.md", "docs/export.md", "docs/editor-setup.md" }));
    }

    [Test]
    public void PackageReadmes_AreChecked()
    {
        Assert.That(PackageReadmeBlocks().Select(c => (string)c.Arguments[0]!).Distinct(),
            Is.SupersetOf(new[] { "src/Compliance.Core/README.md", "src/Compliance.Rules/README.md", "src/Compliance.Hosting/README.md", "src/Compliance.NUnit/README.md", "src/Compliance.Extensions.AI/README.md" }));
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

    private sealed record Block(string? Name, string? File, string Code, int Line);

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
            var file = start > 0 ? FileMarker().Match(lines[start - 1]) : Match.Empty;
            yield return new Block(marker.Success ? marker.Groups[1].Value : null, file.Success ? file.Groups[1].Value : null,
                string.Join('\n', body), start + 1);
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

    /// <summary>A code file as a Markdown block holds it: its lines, trailing spaces and final newline left out.</summary>
    private static string ReadCode(string path) => string.Join('\n', File.ReadAllLines(path).Select(l => l.TrimEnd())).TrimEnd('\n');

    private static string Dedent(string[] lines)
    {
        var indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join('\n', lines.Select(l => l.Trim().Length == 0 ? string.Empty : l[indent..].TrimEnd()));
    }

    [GeneratedRegex(@"^\s*<!--\s*snippet:\s*([a-z0-9-]+)\s*-->\s*$")]
    private static partial Regex SnippetMarker();

    [GeneratedRegex(@"^\s*<!--\s*file:\s*([A-Za-z0-9_./-]+)\s*-->\s*$")]
    private static partial Regex FileMarker();

    [GeneratedRegex(@"^\s*// <snippet:([a-z0-9-]+)>\s*$")]
    private static partial Regex RegionStart();
}
