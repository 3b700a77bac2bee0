using System.Diagnostics.Metrics;
using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Web.Metrics;

/// <summary>
/// One histogram, <c>edgeclassifier_stage_duration_seconds{stage=...}</c>, fed by the frame thread with each
/// classified frame's stage times. Buckets sit around the frame budget so the quantiles near it are sharp.
/// Recording one measurement with one constant tag allocates nothing (the exporter aggregates in place).
/// </summary>
public sealed class StageHistograms : IStageRecorder, IDisposable
{
    private static readonly double[] BudgetMultiples = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.25, 1.5, 2, 3, 5, 10];
    private static readonly KeyValuePair<string, object?> CaptureAge = new("stage", "capture_age");
    private static readonly KeyValuePair<string, object?> Preprocess = new("stage", "preprocess");
    private static readonly KeyValuePair<string, object?> Inference = new("stage", "inference");
    private static readonly KeyValuePair<string, object?> Decision = new("stage", "decision");
    private static readonly KeyValuePair<string, object?> Total = new("stage", "total");
    private readonly Meter _meter = new(ServiceMeter.Name);
    private readonly Histogram<double> _duration;

    /// <summary>Creates the histogram with buckets from 5% to 10x of <paramref name="budgetMs"/>.</summary>
    public StageHistograms(double budgetMs)
    {
        Buckets = [.. BudgetMultiples.Select(m => Math.Round(m * budgetMs / 1000.0, 6))];
        _duration = _meter.CreateHistogram<double>(
            "edgeclassifier.stage.duration",
            unit: "s",
            description: "Time each classified frame spent in a pipeline stage (total = capture to decision, what the budget limits).",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
    }

    /// <summary>The bucket upper bounds in seconds.</summary>
    public IReadOnlyList<double> Buckets { get; }

    /// <inheritdoc />
    public void Record(float captureAge, float preprocess, float inference, float decision, float total)
    {
        _duration.Record(captureAge / 1000.0, CaptureAge);
        _duration.Record(preprocess / 1000.0, Preprocess);
        _duration.Record(inference / 1000.0, Inference);
        _duration.Record(decision / 1000.0, Decision);
        _duration.Record(total / 1000.0, Total);
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
