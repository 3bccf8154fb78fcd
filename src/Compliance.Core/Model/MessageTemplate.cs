using System.Text;
using Compliance.Conditions;

namespace Compliance.Model;

/// <summary>A clause message with <c>{path}</c> placeholders resolved against the subject kind at load time.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class MessageTemplate
{
    private readonly IReadOnlyList<(string Literal, FieldPath? Path)> _parts;

    internal MessageTemplate(string text, IReadOnlyList<(string Literal, FieldPath? Path)> parts)
    {
        Text = text;
        _parts = parts;
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>Renders the message for a subject; a missing value renders as <c>(none)</c>.</summary>
    public string Render(object subject)
    {
        var builder = new StringBuilder();
        foreach (var (literal, path) in _parts)
        {
            builder.Append(literal);
            if (path is not null)
            {
                var value = path.Get(subject);
                builder.Append(value is null ? "(none)" : RenderValue(value));
            }
        }

        return builder.ToString();
    }

    private static string RenderValue(object value) => value switch
    {
        string s => s,
        System.Collections.IEnumerable list => string.Join(", ", list.Cast<object?>().Select(v => v is null ? "(none)" : Operand.Format(v))),
        _ => Operand.Format(value),
    };
}
