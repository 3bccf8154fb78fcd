namespace Compliance.Rules.Diagnostics;

/// <summary>A library's exception message as part of one of our messages (YAML, JSON, regular expressions, expressions).</summary>
internal static class ExceptionText
{
    /// <summary>The message as a clause: without its final full stops, starting in lowercase, as our messages run on after a
    /// colon (<c>malformed JSON at column 3: 'x' is an invalid start of a value</c>).</summary>
    public static string AsClause(string message)
    {
        message = message.TrimEnd('.');
        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : message;
    }

    /// <summary>The first sentence of the message (up to its first <c>". "</c>) as a clause.</summary>
    public static string FirstSentenceAsClause(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return AsClause(cut > 0 ? message[..cut] : message);
    }
}
