using System.Globalization;
using System.Text.Json;
using Compliance.Model;
using Compliance.Subjects;

namespace Compliance.Verdicts;

/// <summary>Reads verdicts from the documented JSON, as <see cref="VerdictJson"/> exposes it.</summary>
/// <remarks>Thread-safe: every member is a pure function of its arguments.</remarks>
internal static class VerdictJsonReader
{
    /// <summary>Reads one verdict from a JSON object.</summary>
    /// <exception cref="JsonException">The value is not a verdict.</exception>
    public static Verdict ReadVerdict(JsonElement element)
    {
        RequireKind(element, JsonValueKind.Object, "verdict");
        var outcomeText = RequiredString(element, "outcome");
        if (!VerdictNames.TryParseOutcome(outcomeText, out var outcome))
        {
            throw new JsonException($"unknown outcome `{outcomeText}`");
        }

        return new Verdict
        {
            Subject = RequiredString(element, "subject"),
            Kind = OptionalString(element, "kind"),
            Source = OptionalString(element, "source"),
            AsOf = ParseDate(RequiredString(element, "asOf")),
            Outcome = outcome,
            Clauses = ReadOnlyArray<ClauseResult>.Own(ReadArray(element, "clauses", ReadClause)),
            Errors = ReadOnlyArray<SubjectError>.Own(ReadArray(element, "errors", e => new SubjectError(OptionalString(e, "path"), RequiredString(e, "message")))),
        };
    }

    private static ClauseResult ReadClause(JsonElement element)
    {
        RequireKind(element, JsonValueKind.Object, "clause");
        var statusText = RequiredString(element, "status");
        if (!VerdictNames.TryParseStatus(statusText, out var status))
        {
            throw new JsonException($"unknown clause status `{statusText}`");
        }

        return new ClauseResult
        {
            Id = RequiredString(element, "id"),
            Contract = RequiredString(element, "contract"),
            Section = OptionalString(element, "section"),
            Title = RequiredString(element, "title"),
            Text = RequiredString(element, "text"),
            Status = status,
            Effect = ParseEffect(RequiredString(element, "effect")),
            Message = OptionalString(element, "message"),
            Remediation = OptionalString(element, "remediation"),
            Facts = ReadOnlyArray<Fact>.Own(ReadFacts(element)),
            Exception = OptionalString(element, "exception"),
            Waiver = OptionalString(element, "waiver"),
            Source = RequiredString(element, "source"),
            Reason = OptionalString(element, "reason"),
        };
    }

    private static Fact[] ReadFacts(JsonElement clause)
    {
        if (!clause.TryGetProperty("facts", out var facts) || facts.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        RequireKind(facts, JsonValueKind.Object, "`facts`");
        return facts.EnumerateObject().Select(p => new Fact(p.Name, ReadValue(p.Value))).ToArray();
    }

    private static object? ReadValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => element.TryGetInt64(out var whole) ? whole : element.GetDouble(),
        JsonValueKind.Array => element.EnumerateArray().Select(ReadValue).ToArray(),
        JsonValueKind.Object => ReadMap(element),
        _ => throw new JsonException($"unexpected JSON value of kind {element.ValueKind}"),
    };

    private static object ReadMap(JsonElement element)
    {
        if (element.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.String))
        {
            var texts = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                texts[property.Name] = property.Value.GetString()!;
            }

            return texts;
        }

        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            values[property.Name] = ReadValue(property.Value);
        }

        return values;
    }

    private static T[] ReadArray<T>(JsonElement element, string name, Func<JsonElement, T> read)
    {
        if (!element.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        RequireKind(array, JsonValueKind.Array, $"`{name}`");
        return array.EnumerateArray().Select(read).ToArray();
    }

    private static string RequiredString(JsonElement element, string name) =>
        OptionalString(element, name) ?? throw new JsonException($"`{name}` is missing");

    private static string? OptionalString(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new JsonException($"`{name}` must be a string");
    }

    private static void RequireKind(JsonElement element, JsonValueKind kind, string what)
    {
        if (element.ValueKind != kind)
        {
            throw new JsonException($"{what} must be a JSON {kind.ToString().ToLowerInvariant()}");
        }
    }

    private static DateOnly ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new JsonException($"`asOf` must be a date as yyyy-MM-dd, not `{text}`");

    private static Effect ParseEffect(string text)
    {
        foreach (var effect in Enum.GetValues<Effect>())
        {
            if (VerdictNames.Name(effect) == text)
            {
                return effect;
            }
        }

        throw new JsonException($"unknown effect `{text}`");
    }
}
