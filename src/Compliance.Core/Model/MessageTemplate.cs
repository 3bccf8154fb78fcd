using System.Text;
using Compliance.Conditions;

namespace Compliance.Model;

/// <summary>A clause message with <c>{path}</c> placeholders resolved against the subject kind at load time.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class MessageTemplate
{
    private readonly (string Literal, FieldPath? Path)[] _parts;

    internal MessageTemplate(string text, IReadOnlyList<(string Literal, FieldPath? Path)> parts)
    {
        Text = text;
        _parts = [.. parts];
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    [ThreadStatic]
    private static StringBuilder? _builder;

    /// <summary>Renders the message for a subject; a missing value renders as <c>(none)</c>.</summary>
    public string Render(object subject)
    {
        // Text placeholders (the usual case) are joined in one allocation; anything else goes through a builder.
        if (_parts.Length <= 4)
        {
            Span<string?> pieces = [null, null, null, null, null, null, null, null];
            var count = 0;
            foreach (var (literal, path) in _parts)
            {
                pieces[count++] = literal;
                if (path is null)
                {
                    continue;
                }

                switch (path.Get(subject))
                {
                    case null:
                        pieces[count++] = "(none)";
                        break;
                    case string text:
                        pieces[count++] = text;
                        break;
                    default:
                        return Build(subject);
                }
            }

            return string.Concat(pieces[..count]);
        }

        return Build(subject);
    }

    private string Build(object subject)
    {
        var builder = _builder ?? new StringBuilder();
        _builder = null; // a nested render on the same thread gets its own
        builder.Clear();
        foreach (var (literal, path) in _parts)
        {
            builder.Append(literal);
            if (path is not null)
            {
                AppendValue(builder, path.Get(subject));
            }
        }

        var text = builder.ToString();
        _builder = builder.Capacity <= 4096 ? builder : null;
        return text;
    }

    private static void AppendValue(StringBuilder builder, object? value)
    {
        switch (value)
        {
            case null:
                builder.Append("(none)");
                break;
            case string s:
                builder.Append(s);
                break;
            case System.Collections.IEnumerable list:
            {
                var first = true;
                foreach (var item in list)
                {
                    if (!first)
                    {
                        builder.Append(", ");
                    }

                    builder.Append(item is null ? "(none)" : Operand.Format(item));
                    first = false;
                }

                break;
            }

            default:
                builder.Append(Operand.Format(value));
                break;
        }
    }
}
