using System.Diagnostics.Metrics;
using EdgeClassifier.Outputs.Mqtt;
using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Web.Metrics;

/// <summary>
/// Counters and gauges read from the pipeline's own counters when Prometheus scrapes (observable instruments), so
/// the frame thread does no extra work for them: frames, drops, misses, camera reconnects and stalls, triggers,
/// degrade level, model info, MQTT delivery and outbox, broker connection and process memory.
/// </summary>
public sealed class PipelineInstruments : IDisposable
{
    private readonly Meter _meter = new(ServiceMeter.Name);

    /// <summary>Creates the instruments over <paramref name="stats"/> and, when MQTT runs, <paramref name="mqtt"/>.</summary>
    public PipelineInstruments(PipelineStats stats, MqttOutputService? mqtt)
    {
        Counter("edgeclassifier.frames.captured", "Frames taken from the camera.", () => stats.FramesCaptured);
        Counter("edgeclassifier.frames.processed", "Frames classified and decided.", () => stats.FramesProcessed);
        Counter("edgeclassifier.frames.dropped", "Frames captured but not classified (stale, thinned, passed over, or lost by the driver).", () => stats.Drops);
        Counter("edgeclassifier.frames.missed", "Classified frames whose decision came later than the budget.", () => stats.Misses);
        Counter("edgeclassifier.frames.driver_dropped", "Frames the camera driver lost (sequence gaps).", () => stats.DriverDrops);
        Counter("edgeclassifier.camera.reconnects", "Times the camera was reopened.", () => stats.CameraCounters().Reconnects, "{reconnect}");
        Counter("edgeclassifier.camera.stalls", "Times the camera stopped delivering frames.", () => stats.CameraCounters().Stalls, "{stall}");
        Counter("edgeclassifier.triggers", "GPIO trigger events seen.", () => stats.Triggers, "{trigger}");
        _meter.CreateObservableGauge("edgeclassifier.degrade.level", () => stats.DegradeLevel, "{level}",
            "Degrade level: 0 normal, 1 thinning frames, 2 fallback model.");
        _meter.CreateObservableGauge("edgeclassifier.model.info", () => new Measurement<int>(1,
            new KeyValuePair<string, object?>("model", stats.Model), new KeyValuePair<string, object?>("provider", stats.Provider)),
            null, "The model in use and its execution provider (value always 1).");
        _meter.CreateObservableGauge("edgeclassifier.process.memory", () => Environment.WorkingSet, "By", "Resident memory of the service process.");
        _meter.CreateObservableGauge("edgeclassifier.process.managed_memory", () => GC.GetTotalMemory(false), "By", "Managed heap in use.");
        if (mqtt is not null)
        {
            Counter("edgeclassifier.mqtt.published", "MQTT messages the broker acknowledged.", () => mqtt.Delivered, "{message}");
            Counter("edgeclassifier.mqtt.failed", "MQTT messages given up on: dropped from a full or expired outbox, or from a full decision queue.", () => mqtt.Failed, "{message}");
            _meter.CreateObservableGauge("edgeclassifier.mqtt.outbox.pending", () => mqtt.OutboxPending, "{message}", "Messages waiting in the MQTT outbox.");
            _meter.CreateObservableGauge("edgeclassifier.mqtt.broker.connected", () => mqtt.IsConnected ? 1 : 0, null, "1 while connected to the MQTT broker.");
        }

    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private void Counter(string name, string description, Func<long> read, string unit = "{frame}") =>
        _meter.CreateObservableCounter(name, read, unit, description);
}
