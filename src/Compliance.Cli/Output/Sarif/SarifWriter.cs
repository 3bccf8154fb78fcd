using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Compliance.Cli.Output.Sarif;

/// <summary>Writes a <see cref="SarifLog"/> as indented JSON with camelCase names, leaving out properties that are null.</summary>
internal static class SarifWriter
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        NewLine = "\n",
    };

    public static void Write(SarifLog log, TextWriter writer)
    {
        using (var stream = new TextWriterStream(writer))
        {
            JsonSerializer.Serialize(stream, log, Options);
        }

        writer.Write('\n');
    }
}
