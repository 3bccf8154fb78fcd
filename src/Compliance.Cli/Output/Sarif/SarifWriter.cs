using System.Text.Json;

namespace Compliance.Cli.Output.Sarif;

/// <summary>Writes a SARIF 2.1.0 log with one run, streaming: the tool and its rules first, then each result as it comes.</summary>
/// <remarks>
/// Writes what GitHub code scanning reads: <c>$schema</c>, <c>version</c>, <c>runs[0].tool.driver</c> (name,
/// version, semanticVersion, informationUri, rules), and results with <c>ruleId</c>, <c>level</c>,
/// <c>message.text</c>, <c>locations</c> and <c>relatedLocations</c>. Call <see cref="WriteStart"/>, then
/// <see cref="WriteResult"/> for each result (and <see cref="AddNotification"/> for each problem without a place),
/// then <see cref="WriteEnd"/>. Does not flush or close the writer. Shared by every command that writes SARIF.
/// <para>Stays within GitHub code scanning's limits: a run holds at most <see cref="MaxResults"/> results (GitHub
/// refuses a run with more) and as many notifications; the results and notifications past that are not written, and
/// one warning notification at the end counts them.</para>
/// </remarks>
internal sealed class SarifWriter : IDisposable
{
    /// <summary>The schema the log declares.</summary>
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>The most results a run holds: GitHub code scanning refuses a run with more.</summary>
    public const int MaxResults = 25_000;

    /// <summary>The id of the notification that counts what was left out (<c>descriptor.id</c>).</summary>
    public const string OmittedDescriptorId = "results-omitted";

    private readonly TextWriter _writer;
    private readonly TextWriterStream _stream;
    private readonly Utf8JsonWriter _json;
    private readonly List<SarifNotification> _notifications = [];
    private readonly int _maxResults;
    private int _results;
    private int _omittedResults;
    private int _omittedNotifications;

    /// <param name="writer">Where the log goes.</param>
    /// <param name="maxResults">The most results (and, apart, notifications) the run holds; tests make it small.</param>
    public SarifWriter(TextWriter writer, int maxResults = MaxResults)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxResults);
        _maxResults = maxResults;
        _writer = writer;
        _stream = new TextWriterStream(writer);
        _json = new Utf8JsonWriter(_stream, Compliance.Verdicts.VerdictJson.WriterOptions(indented: true));
    }

    /// <summary>How many results were written.</summary>
    public int Results => _results;

    /// <summary>How many results were left out, past <see cref="MaxResults"/>.</summary>
    public int OmittedResults => _omittedResults;

    /// <summary>Opens the log and its run, and writes the tool with every rule.</summary>
    public void WriteStart(SarifTool tool, IReadOnlyList<SarifRule> rules, SarifAutomation? automation = null)
    {
        _json.WriteStartObject();
        _json.WriteString("$schema", SchemaUri);
        _json.WriteString("version", "2.1.0");
        _json.WriteStartArray("runs");
        _json.WriteStartObject();
        _json.WriteStartObject("tool");
        _json.WriteStartObject("driver");
        _json.WriteString("name", tool.Name);
        if (tool.FullName is { } fullName)
        {
            _json.WriteString("fullName", fullName);
        }

        _json.WriteString("version", tool.SemanticVersion);
        _json.WriteString("semanticVersion", tool.SemanticVersion);
        _json.WriteString("informationUri", tool.InformationUri);
        _json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            WriteRule(rule);
        }

        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.WriteEndObject();
        if (automation is not null)
        {
            _json.WriteStartObject("automationDetails");
            _json.WriteString("id", automation.Id);
            _json.WriteEndObject();
        }

        _json.WriteString("columnKind", "utf16CodeUnits");
        _json.WriteStartArray("results");
        _json.Flush();
    }

    /// <summary>Writes one result, and hands it to the writer; past <see cref="MaxResults"/>, only counts it.</summary>
    /// <returns>Whether the result was written.</returns>
    /// <exception cref="ArgumentException">The result has no location.</exception>
    public bool WriteResult(SarifResult result)
    {
        if (result.Locations.Count == 0)
        {
            throw new ArgumentException($"result of `{result.RuleId}` has no location", nameof(result));
        }

        if (_results >= _maxResults)
        {
            _omittedResults++;
            return false;
        }

        _results++;

        _json.WriteStartObject();
        _json.WriteString("ruleId", result.RuleId);
        if (result.RuleIndex is { } index)
        {
            _json.WriteNumber("ruleIndex", index);
        }

        _json.WriteString("level", LevelName(result.Level));
        WriteMessage("message", result.Message);
        _json.WriteStartArray("locations");
        foreach (var location in result.Locations)
        {
            WriteLocation(location, id: null);
        }

        _json.WriteEndArray();
        if (result.RelatedLocations.Count > 0)
        {
            _json.WriteStartArray("relatedLocations");
            for (var i = 0; i < result.RelatedLocations.Count; i++)
            {
                WriteLocation(result.RelatedLocations[i], id: i);
            }

            _json.WriteEndArray();
        }

        if (result.PartialFingerprints.Count > 0)
        {
            _json.WriteStartObject("partialFingerprints");
            foreach (var (name, value) in result.PartialFingerprints)
            {
                _json.WriteString(name, value);
            }

            _json.WriteEndObject();
        }

        WriteProperties(result.Properties, tags: []);
        _json.WriteEndObject();
        _json.Flush();
        return true;
    }

    /// <summary>Keeps a problem that has no place in a file, to be written in the run's invocation at the end; past
    /// <see cref="MaxResults"/> of them, only counts it.</summary>
    public void AddNotification(SarifNotification notification)
    {
        if (_notifications.Count >= _maxResults)
        {
            _omittedNotifications++;
            return;
        }

        _notifications.Add(notification);
    }

    /// <summary>Closes the results; writes the invocation when there are notifications or something was left out;
    /// closes the run and the log, and ends the text with a line break.</summary>
    /// <param name="omittedHint">What to run to see everything, said in the notification that counts what was left out.</param>
    public void WriteEnd(string? omittedHint = null)
    {
        _json.WriteEndArray();
        if (_omittedResults > 0 || _omittedNotifications > 0)
        {
            _notifications.Add(new SarifNotification(null, SarifLevel.Warning, OmittedMessage(omittedHint))
            {
                DescriptorId = OmittedDescriptorId,
                Properties =
                [
                    new("omittedResults", _omittedResults.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new("omittedNotifications", _omittedNotifications.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ],
            });
        }

        if (_notifications.Count > 0)
        {
            WriteInvocation();
        }

        _json.WriteEndObject();
        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.Flush();
        _writer.Write('\n');
    }

    public void Dispose()
    {
        _json.Dispose();
        _stream.Dispose();
    }

    private string OmittedMessage(string? hint)
    {
        var text = new System.Text.StringBuilder();
        text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{_omittedResults} more {(_omittedResults == 1 ? "result" : "results")}");
        if (_omittedNotifications > 0)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $" and {_omittedNotifications} more {(_omittedNotifications == 1 ? "notification" : "notifications")}");
        }

        text.Append(System.Globalization.CultureInfo.InvariantCulture, $" not written: a run holds at most {_maxResults:N0} results, the most GitHub code scanning accepts");
        if (hint is { Length: > 0 })
        {
            text.Append("; ").Append(hint);
        }

        return text.ToString();
    }

    /// <summary>The SARIF spelling of a level.</summary>
    public static string LevelName(SarifLevel level) => level switch
    {
        SarifLevel.None => "none",
        SarifLevel.Note => "note",
        SarifLevel.Warning => "warning",
        SarifLevel.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    private void WriteRule(SarifRule rule)
    {
        _json.WriteStartObject();
        _json.WriteString("id", rule.Id);
        if (rule.Name is { } name)
        {
            _json.WriteString("name", name);
        }

        if (rule.ShortDescription is { } shortDescription)
        {
            WriteMessage("shortDescription", shortDescription);
        }

        if (rule.FullDescription is { } fullDescription)
        {
            WriteMessage("fullDescription", fullDescription);
        }

        if (rule.Help is { } help)
        {
            WriteMessage("help", help, rule.HelpMarkdown);
        }

        if (rule.HelpUri is { } helpUri)
        {
            _json.WriteString("helpUri", helpUri);
        }

        _json.WriteStartObject("defaultConfiguration");
        _json.WriteString("level", LevelName(rule.DefaultLevel));
        _json.WriteEndObject();
        WriteProperties(rule.Properties, rule.Tags);
        _json.WriteEndObject();
    }

    /// <summary>The one invocation of the run: it completed, and met the notifications.</summary>
    private void WriteInvocation()
    {
        _json.WriteStartArray("invocations");
        _json.WriteStartObject();
        _json.WriteBoolean("executionSuccessful", true);
        _json.WriteStartArray("toolExecutionNotifications");
        foreach (var notification in _notifications)
        {
            _json.WriteStartObject();
            if (notification.DescriptorId is { } descriptor)
            {
                _json.WriteStartObject("descriptor");
                _json.WriteString("id", descriptor);
                _json.WriteEndObject();
            }

            _json.WriteString("level", LevelName(notification.Level));
            WriteMessage("message", notification.Message);
            if (notification.RuleId is { } ruleId)
            {
                _json.WriteStartObject("associatedRule");
                _json.WriteString("id", ruleId);
                if (notification.RuleIndex is { } index)
                {
                    _json.WriteNumber("index", index);
                }

                _json.WriteEndObject();
            }

            WriteProperties(notification.Properties, tags: []);
            _json.WriteEndObject();
        }

        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.WriteEndArray();
    }

    private void WriteLocation(SarifLocation location, int? id)
    {
        _json.WriteStartObject();
        if (id is { } value)
        {
            _json.WriteNumber("id", value);
        }

        _json.WriteStartObject("physicalLocation");
        _json.WriteStartObject("artifactLocation");
        _json.WriteString("uri", location.Uri);
        _json.WriteEndObject();
        if (location.StartLine is { } line)
        {
            _json.WriteStartObject("region");
            _json.WriteNumber("startLine", line);
            if (location.StartColumn is { } column)
            {
                _json.WriteNumber("startColumn", column);
            }

            _json.WriteEndObject();
        }

        _json.WriteEndObject();
        if (location.Message is { } message)
        {
            WriteMessage("message", message);
        }

        _json.WriteEndObject();
    }

    private void WriteMessage(string name, string text, string? markdown = null)
    {
        _json.WriteStartObject(name);
        _json.WriteString("text", text);
        if (markdown is not null)
        {
            _json.WriteString("markdown", markdown);
        }

        _json.WriteEndObject();
    }

    private void WriteProperties(IReadOnlyList<KeyValuePair<string, string?>> properties, IReadOnlyList<string> tags)
    {
        if (tags.Count == 0 && properties.All(p => p.Value is null))
        {
            return;
        }

        _json.WriteStartObject("properties");
        if (tags.Count > 0)
        {
            _json.WriteStartArray("tags");
            foreach (var tag in tags)
            {
                _json.WriteStringValue(tag);
            }

            _json.WriteEndArray();
        }

        foreach (var (key, value) in properties)
        {
            if (value is not null)
            {
                _json.WriteString(key, value);
            }
        }

        _json.WriteEndObject();
    }
}
