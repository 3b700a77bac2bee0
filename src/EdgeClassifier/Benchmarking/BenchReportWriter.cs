using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EdgeClassifier.Benchmarking;

/// <summary>Formats a <see cref="BenchReport"/> as the human table or as JSON.</summary>
public static class BenchReportWriter
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static readonly (string Key, string Label)[] StageLabels =
    [
        ("captureToInput", "capture-to-input"),
        ("preprocess", "preprocess"),
        ("inference", "inference"),
        ("decision", "decision"),
        ("total", "total"),
    ];

    public static string Json(BenchReport report) => JsonSerializer.Serialize(report, JsonOptions);

    public static string Text(BenchReport report)
    {
        var text = new StringBuilder();
        CultureInfo c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"model        {report.Model}");
        text.AppendLine(c, $"provider     {report.Provider}, {report.Threads} intra-op threads, spinning {(report.Spinning ? "on" : "off")}");
        text.AppendLine(c, $"source       {report.Source}");
        text.AppendLine(c, $"load         {report.LoadMs:F1} ms");
        text.AppendLine(c, $"first frame  inference {report.FirstInferenceMs:F2} ms");
        text.AppendLine(c, $"warm-up      {report.WarmupFrames} frames, total avg {report.WarmupAvgMs:F2} ms");
        text.AppendLine(c, $"measured     {report.Frames} frames in {report.Seconds:F2} s = {report.Fps:F1} fps");
        text.AppendLine(c, $"budget       {report.BudgetMs} ms: {report.Misses} missed ({100.0 * report.Misses / Math.Max(report.Frames, 1):F1}%)");
        text.AppendLine();
        text.AppendLine("stage (ms)          count      min      avg      std      p50      p95      p99      max");
        foreach (var (key, label) in StageLabels)
        {
            StageSummary s = report.Stages[key];
            text.AppendLine(c, $"{label,-18} {s.Count,6} {s.Min,8:F3} {s.Avg,8:F3} {s.Std,8:F3} {s.P50,8:F3} {s.P95,8:F3} {s.P99,8:F3} {s.Max,8:F3}");
        }

        text.AppendLine();
        text.AppendLine(c, $"managed allocation    {report.AllocatedBytesPerFrame:F1} bytes/frame ({report.DecisionChanges} decision changes, the only allocating step)");
        text.AppendLine(report.PeakResidentBytes is { } peak
            ? string.Create(c, $"peak resident memory  {peak / (1024.0 * 1024.0):F1} MiB")
            : "peak resident memory  unknown (no /proc)");
        return text.ToString().TrimEnd();
    }
}
