using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Compliance.Telemetry;

namespace Compliance.Core.Tests.Telemetry;

/// <summary>One measurement: the instrument, the value and its tags.</summary>
internal sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

/// <summary>Listens to the <c>Compliance</c> meter and activity source, as OpenTelemetry would, keeping what they publish.</summary>
internal sealed class TelemetryCollector : IDisposable
{
    private readonly MeterListener _meters = new();
    private readonly ActivityListener _activities;
    private readonly ConcurrentQueue<Measurement> _measurements = new();
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public TelemetryCollector()
    {
        // <snippet:meter-listener>
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ComplianceTelemetry.MeterName)   // "Compliance"
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.Start();
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ComplianceTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_activities);
        // </snippet:meter-listener>
    }

    public IReadOnlyList<Measurement> Measurements => _measurements.ToArray();

    public IReadOnlyList<Activity> Activities => _stopped.ToArray();

    public IEnumerable<Measurement> Of(string instrument) => Measurements.Where(m => m.Instrument == instrument);

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var map = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            map[tag.Key] = tag.Value;
        }

        _measurements.Enqueue(new Measurement(instrument.Name, value, map));
    }

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
    }
}
