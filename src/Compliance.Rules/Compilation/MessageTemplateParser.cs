using Compliance.Conditions;
using Compliance.Model;
using Compliance.Rules.Diagnostics;
using Compliance.Rules.Yaml;
using Compliance.Subjects;

namespace Compliance.Rules.Compilation;

/// <summary>Parses a clause's <c>message</c> into literal text and <c>{path}</c> placeholders, each path resolved against
/// the clause's subject kind. An unmatched <c>{</c> is literal text.</summary>
internal static class MessageTemplateParser
{
    /// <summary>The template; <see langword="null"/> when a placeholder names no field (each is reported).</summary>
    public static MessageTemplate? Parse(ScalarNode message, SubjectKind kind, List<Diagnostic> diagnostics)
    {
        var text = message.Value!;
        var parts = new List<(string, FieldPath?)>();
        var literal = new System.Text.StringBuilder();
        var ok = true;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '{')
            {
                literal.Append(text[i]);
                continue;
            }

            var close = text.IndexOf('}', i + 1);
            if (close < 0)
            {
                literal.Append(text[i..]);
                break;
            }

            var name = text[(i + 1)..close].Trim();
            var path = PathResolver.Resolve(name, kind.Model, kind.Name, out var failure);
            if (path is null)
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.UnknownPlaceholder, message.Location,
                    LoadMessages.UnknownPlaceholder(name, failure!.Message), failure.Hint));
                ok = false;
            }

            parts.Add((literal.ToString(), path));
            literal.Clear();
            i = close;
        }

        parts.Add((literal.ToString(), null));
        return ok ? new MessageTemplate(text, parts) : null;
    }
}
