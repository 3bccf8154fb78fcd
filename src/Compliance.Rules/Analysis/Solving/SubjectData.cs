using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Compliance.Conditions;

namespace Compliance.Rules.Analysis.Solving;

/// <summary>A subject (or list element) as ordered fields, written as flow-style YAML that the subject reader reads back.</summary>
internal sealed partial class SubjectData
{
    private readonly List<(string Key, object Value)> _entries = [];

    public int Count => _entries.Count;

    public void Add(string key, object value) => _entries.Add((key, value));

    public void Insert(string key, object value) => _entries.Insert(0, (key, value));

    public bool Has(string key) => _entries.Exists(e => e.Key == key);

    /// <summary>The data on one line: <c>{ kind: call, vendor: OpenAI, cloud: other }</c>.</summary>
    public string ToYaml()
    {
        var builder = new StringBuilder();
        Write(builder, this);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, object value)
    {
        switch (value)
        {
            case SubjectData map:
                if (map._entries.Count == 0)
                {
                    builder.Append("{}");
                    return;
                }

                builder.Append("{ ");
                for (var i = 0; i < map._entries.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    builder.Append(Text(map._entries[i].Key)).Append(": ");
                    Write(builder, map._entries[i].Value);
                }

                builder.Append(" }");
                return;
            case List<object> list:
                builder.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    Write(builder, list[i]);
                }

                builder.Append(']');
                return;
            default:
                builder.Append(Scalar(value));
                return;
        }
    }

    /// <summary>A subject value as YAML: text quoted when it would otherwise read as something else.</summary>
    public static string Scalar(object value) => value switch
    {
        string s => Text(s),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        DateTimeOffset t => Instant(t),
        DateTime t => Instant(new DateTimeOffset(t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t)),
        _ => Operand.Format(value),
    };

    private static string Instant(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        if (utc.TimeOfDay == TimeSpan.Zero)
        {
            return utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        return text + "Z";
    }

    /// <summary>Text as a plain scalar when YAML reads it back unchanged as text, else single-quoted.</summary>
    public static string Text(string text)
    {
        if (PlainSafe().IsMatch(text) && !Reserved().IsMatch(text))
        {
            return text;
        }

        if (text.Any(char.IsControl))
        {
            var escaped = new StringBuilder("\"");
            foreach (var c in text)
            {
                escaped.Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                    _ => c.ToString(),
                });
            }

            return escaped.Append('"').ToString();
        }

        return "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_ ./+=~-]*(?<! )$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainSafe();

    // Words and shapes YAML would read as something other than the text itself.
    [GeneratedRegex(@"^(?i:true|false|yes|no|on|off|y|n|null|~)$|^[-+]?(\d|\.\d)|^0[xo]", RegexOptions.CultureInvariant)]
    private static partial Regex Reserved();
}
