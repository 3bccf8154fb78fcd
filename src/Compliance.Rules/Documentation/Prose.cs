using System.Text;

namespace Compliance.Rules.Documentation;

/// <summary>How a run of prose is shown.</summary>
public enum ProseStyle
{
    /// <summary>Ordinary words.</summary>
    Plain,

    /// <summary>Text to show exactly as written, such as a path (<c>tags.purpose</c>), a pattern or an expression.</summary>
    Code,
}

/// <summary>A run of prose in one style.</summary>
/// <param name="Text">The text.</param>
/// <param name="Style">Whether it is ordinary words or text to show exactly.</param>
public sealed record ProseSpan(string Text, ProseStyle Style);

/// <summary>English text in which paths, patterns and expressions are marked as code, so that each output
/// format (markdown, HTML, plain text) can show them as it should.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class Prose
{
    internal Prose(IReadOnlyList<ProseSpan> spans) => Spans = spans;

    /// <summary>The runs of text, in order; adjacent runs never share a style.</summary>
    public IReadOnlyList<ProseSpan> Spans { get; }

    /// <summary>Whether there is no text.</summary>
    public bool IsEmpty => Spans.Count == 0;

    /// <summary>The text with code runs in backticks, such as <c>Requires `cloud` to be Azure.</c></summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var span in Spans)
        {
            if (span.Style == ProseStyle.Code)
            {
                builder.Append('`').Append(span.Text).Append('`');
            }
            else
            {
                builder.Append(span.Text);
            }
        }

        return builder.ToString();
    }
}

/// <summary>Builds <see cref="Prose"/>, merging adjacent runs of the same style.</summary>
internal sealed class ProseBuilder
{
    private readonly List<ProseSpan> _spans = [];

    public bool IsEmpty => _spans.Count == 0;

    public ProseBuilder Text(string text)
    {
        if (text.Length == 0)
        {
            return this;
        }

        if (_spans.Count > 0 && _spans[^1].Style == ProseStyle.Plain)
        {
            _spans[^1] = _spans[^1] with { Text = _spans[^1].Text + text };
        }
        else
        {
            _spans.Add(new ProseSpan(text, ProseStyle.Plain));
        }

        return this;
    }

    public ProseBuilder Code(string text)
    {
        _spans.Add(new ProseSpan(text, ProseStyle.Code));
        return this;
    }

    public ProseBuilder Append(Prose prose)
    {
        foreach (var span in prose.Spans)
        {
            if (span.Style == ProseStyle.Code)
            {
                Code(span.Text);
            }
            else
            {
                Text(span.Text);
            }
        }

        return this;
    }

    public Prose Build() => new(_spans.ToArray());

    public static Prose Of(string text) => new ProseBuilder().Text(text).Build();
}
