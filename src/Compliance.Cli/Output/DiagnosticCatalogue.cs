using System.Text.RegularExpressions;

namespace Compliance.Cli.Output;

/// <summary>What each diagnostic code means, read from the catalogue <c>docs/diagnostics.md</c>, which the tool carries
/// as a resource: SARIF's rule descriptions and help come from the page users read, so the two cannot drift apart.</summary>
/// <remarks>A catalogue row is <c>| &lt;a id="cmp0021"&gt;&lt;/a&gt;CMP0021 | severity | what it means | example | fix |</c>;
/// the anchor is what <see cref="HelpUri"/> links to.</remarks>
internal static partial class DiagnosticCatalogue
{
    /// <summary>The page's address on the project's site.</summary>
    public static string PageUri { get; } = $"{ToolInfo.InformationUri}/blob/main/docs/diagnostics.md";

    private static readonly Lazy<IReadOnlyDictionary<string, DiagnosticEntry>> Entries = new(Read);

    /// <summary>The catalogue's entry for a code; <see langword="null"/> when the page has no row for it.</summary>
    public static DiagnosticEntry? Find(string code) => Entries.Value.GetValueOrDefault(code);

    /// <summary>Every code the page has a row for.</summary>
    public static IEnumerable<string> Codes => Entries.Value.Keys;

    /// <summary>The link to the code's row: <c>…/docs/diagnostics.md#cmp0021</c>.</summary>
    public static string HelpUri(string code) => $"{PageUri}#{code.ToLowerInvariant()}";

    /// <summary>Parses the rows of a catalogue page.</summary>
    internal static IReadOnlyDictionary<string, DiagnosticEntry> Parse(string markdown)
    {
        var entries = new Dictionary<string, DiagnosticEntry>(StringComparer.Ordinal);
        foreach (var line in markdown.Split('\n'))
        {
            var match = RowPattern().Match(line.TrimEnd('\r'));
            if (!match.Success)
            {
                continue;
            }

            var cells = match.Groups["rest"].Value.Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length < 4)
            {
                continue;
            }

            entries.TryAdd(match.Groups["code"].Value, new DiagnosticEntry(Plain(cells[1]), Plain(cells[2]), Plain(cells[3])));
        }

        return entries;
    }

    private static IReadOnlyDictionary<string, DiagnosticEntry> Read()
    {
        using var stream = typeof(DiagnosticCatalogue).Assembly.GetManifestResourceStream("Compliance.Cli.diagnostics.md")
            ?? throw new InvalidOperationException("the tool carries no diagnostics catalogue");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    /// <summary>A cell without its links: <c>[example](../tests/...)</c> is dropped, other links keep their text.</summary>
    private static string Plain(string cell)
    {
        var text = ExampleLinkPattern().Replace(cell, string.Empty);
        return LinkPattern().Replace(text, "${text}").Trim().TrimEnd(';').Trim();
    }

    [GeneratedRegex(@"^\|\s*(<a id=""cmp\d{4}""></a>)?(?<code>CMP\d{4})\s*\|(?<rest>.*)\|\s*$")]
    private static partial Regex RowPattern();

    [GeneratedRegex(@"[;,]?\s*\[example\]\([^)]*\)")]
    private static partial Regex ExampleLinkPattern();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkPattern();
}

/// <summary>A row of the diagnostics catalogue.</summary>
/// <param name="Meaning">What the diagnostic means (<c>a path names no field of the kind (with "did you mean")</c>).</param>
/// <param name="Example">What causes it, as it looks in a rule file.</param>
/// <param name="Fix">How to fix it.</param>
internal sealed record DiagnosticEntry(string Meaning, string Example, string Fix)
{
    /// <summary>The meaning up to its first <c>:</c>, <c>;</c> or parenthesis, as a title: <c>A path names no field of the kind</c>.</summary>
    public string Short
    {
        get
        {
            var end = Meaning.IndexOfAny([':', ';', '(']);
            return Sentence(end > 0 ? Meaning[..end] : Meaning, period: false);
        }
    }

    /// <summary>Text with its first letter capitalised, and a final period when asked.</summary>
    public static string Sentence(string text, bool period = true)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            return text;
        }

        text = char.ToUpperInvariant(text[0]) + text[1..];
        return period && !text.EndsWith('.') ? text + "." : text;
    }
}
