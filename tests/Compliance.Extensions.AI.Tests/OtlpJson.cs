using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Compliance.Extensions.AI.Tests;

/// <summary>Writes finished activities as the OpenTelemetry Collector's file exporter writes traces: one OTLP JSON
/// <c>ExportTraceServiceRequest</c> a line (ids in hex, 64-bit integers and times as strings).</summary>
internal static class OtlpJson
{
    public static string Line(IEnumerable<Activity> spans, string service = "compliance-tests")
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("resourceSpans");
            json.WriteStartObject();
            json.WriteStartObject("resource");
            json.WriteStartArray("attributes");
            Attribute(json, "service.name", service);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartArray("scopeSpans");
            foreach (var scope in spans.GroupBy(s => s.Source.Name))
            {
                json.WriteStartObject();
                json.WriteStartObject("scope");
                json.WriteString("name", scope.Key);
                json.WriteEndObject();
                json.WriteStartArray("spans");
                foreach (var span in scope)
                {
                    json.WriteStartObject();
                    json.WriteString("traceId", span.TraceId.ToHexString());
                    json.WriteString("spanId", span.SpanId.ToHexString());
                    json.WriteString("parentSpanId", span.ParentSpanId == default ? string.Empty : span.ParentSpanId.ToHexString());
                    json.WriteString("name", span.DisplayName);
                    json.WriteNumber("kind", span.Kind switch { ActivityKind.Internal => 1, ActivityKind.Server => 2, ActivityKind.Client => 3, ActivityKind.Producer => 4, _ => 5 });
                    json.WriteString("startTimeUnixNano", Nanos(span.StartTimeUtc));
                    json.WriteString("endTimeUnixNano", Nanos(span.StartTimeUtc + span.Duration));
                    json.WriteStartArray("attributes");
                    foreach (var (key, value) in span.TagObjects)
                    {
                        Attribute(json, key, value);
                    }

                    json.WriteEndArray();
                    json.WriteStartObject("status");
                    json.WriteEndObject();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Nanos(DateTime utc) =>
        ((ulong)(utc - DateTime.UnixEpoch).Ticks * 100UL).ToString(CultureInfo.InvariantCulture);

    private static void Attribute(Utf8JsonWriter json, string key, object? value)
    {
        json.WriteStartObject();
        json.WriteString("key", key);
        json.WritePropertyName("value");
        Value(json, value);
        json.WriteEndObject();
    }

    private static void Value(Utf8JsonWriter json, object? value)
    {
        json.WriteStartObject();
        switch (value)
        {
            case string s:
                json.WriteString("stringValue", s);
                break;
            case bool b:
                json.WriteBoolean("boolValue", b);
                break;
            case int or long or short or uint:
                json.WriteString("intValue", Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
                break;
            case double or float:
                json.WriteNumber("doubleValue", Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case System.Collections.IEnumerable items:
                json.WriteStartObject("arrayValue");
                json.WriteStartArray("values");
                foreach (var item in items)
                {
                    Value(json, item);
                }

                json.WriteEndArray();
                json.WriteEndObject();
                break;
            case null:
                break;
            default:
                json.WriteString("stringValue", Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }

        json.WriteEndObject();
    }
}
