using System.Diagnostics.Metrics;

namespace EdgeClassifier.Web.Metrics;

/// <summary>
/// The service's <see cref="Meter"/>: every instrument <c>/metrics</c> exports belongs to it. Instrument names follow
/// OpenTelemetry (dots, a unit apart); the Prometheus exporter turns <c>edgeclassifier.frames.processed</c> with
/// unit <c>{frame}</c> into <c>edgeclassifier_frames_processed_total</c> and unit <c>s</c> into <c>_seconds</c>.
/// </summary>
public static class ServiceMeter
{
    /// <summary>The meter name the exporter subscribes to.</summary>
    public const string Name = "EdgeClassifier";
}
