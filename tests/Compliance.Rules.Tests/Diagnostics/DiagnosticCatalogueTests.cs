using System.Reflection;
using System.Text.RegularExpressions;
using Compliance.Rules.Diagnostics;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Diagnostics;

/// <summary>docs/diagnostics.md is the catalogue of codes: every code has a row with severity, meaning, example and fix.</summary>
public sealed partial class DiagnosticCatalogueTests
{
    private static readonly string Root = Repository.Root;

    private static string[] Codes() => typeof(DiagnosticCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    /// <summary>The catalogue's rows: code → cells (severity, meaning, example, fix).</summary>
    private static Dictionary<string, string[]> Rows()
    {
        var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(Path.Combine(Root, "docs", "diagnostics.md")))
        {
            var match = Row().Match(line);
            if (match.Success)
            {
                var cells = line.Trim().Trim('|').Split('|').Select(c => AnchorPattern().Replace(c.Trim(), string.Empty)).ToArray();
                Assert.That(rows.TryAdd(cells[0], cells[1..]), Is.True, $"{cells[0]} has two rows");
            }
        }

        return rows;
    }

    [GeneratedRegex(@"^\|\s*(<a id=""cmp\d{4}""></a>)?CMP\d{4}\s*\|")]
    private static partial Regex Row();

    /// <summary>The anchor a row's code carries, so that SARIF's <c>helpUri</c> can link to the row.</summary>
    [GeneratedRegex(@"^<a id=""cmp\d{4}""></a>")]
    private static partial Regex AnchorPattern();

    [GeneratedRegex(@"\]\(([^)]+)\)")]
    private static partial Regex Link();

    [Test]
    public void EveryDiagnosticCode_HasARowInTheCatalogue()
    {
        var documented = Rows().Keys;

        Assert.That(Codes().Except(documented), Is.Empty, "codes in DiagnosticCodes.cs without an entry in docs/diagnostics.md");
    }

    [Test]
    public void EveryCatalogueRow_NamesAnExistingCode()
    {
        Assert.That(Rows().Keys.Except(Codes()), Is.Empty, "rows in docs/diagnostics.md for codes that do not exist");
    }

    [Test]
    public void EveryCatalogueRow_GivesSeverityMeaningExampleAndFix()
    {
        foreach (var (code, cells) in Rows())
        {
            Assert.That(cells, Has.Length.EqualTo(4), $"{code}: a row has severity, meaning, example and fix");
            Assert.That(cells[0], Is.EqualTo("error").Or.EqualTo("warning").Or.EqualTo("info"), $"{code}: severity");
            Assert.That(cells[1..], Has.None.Empty, $"{code}: meaning, example and fix");
        }
    }

    [Test]
    public void EveryExampleLinkInTheCatalogue_PointsAtAnExistingFile()
    {
        var docs = Path.Combine(Root, "docs");
        foreach (var (code, cells) in Rows())
        {
            foreach (Match link in Link().Matches(cells[2]))
            {
                var target = Path.GetFullPath(Path.Combine(docs, link.Groups[1].Value));
                Assert.That(Directory.Exists(target) || File.Exists(target), Is.True, $"{code}: {link.Groups[1].Value}");
            }
        }
    }

    [Test]
    public void EveryAnalysisCode_HasAnExampleCase_AndTheCatalogueGivesItsSeverity()
    {
        var rows = Rows();
        var cases = Path.Combine(Root, "tests", "Compliance.Rules.Tests", "Analysis", "Cases");
        var printed = Directory.EnumerateFiles(cases, "expected.txt", SearchOption.AllDirectories)
            .SelectMany(File.ReadAllLines)
            .Select(line => Regex.Match(line, @": (error|warning) (CMP\d{4}): "))
            .Where(m => m.Success)
            .Select(m => (Severity: m.Groups[1].Value, Code: m.Groups[2].Value))
            .ToArray();
        var analysisCodes = Codes().Where(c => string.CompareOrdinal(c, "CMP0100") >= 0).Append(DiagnosticCodes.ExpiredWaiver);

        Assert.That(analysisCodes.Except(printed.Select(p => p.Code)), Is.Empty, "analysis codes without a case under Analysis/Cases");
        foreach (var (severity, code) in printed)
        {
            Assert.That(rows[code][0], Is.EqualTo(severity), $"{code}: the catalogue's severity");
        }
    }
}
