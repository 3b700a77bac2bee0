using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeClassifier.Benchmarking;

/// <summary>Formats a <see cref="BenchReport"/> as the human table or as JSON.</summary>
public static partial class BenchReportWriter
{
    private static readonly (string Key, string Label)[] StageLabels =
    [
        ("captureToInput", "capture-to-input"),
        ("preprocess", "preprocess"),
        ("inference", "inference"),
        ("decision", "decision"),
        ("total", "total"),
    ];

    public static string Json(BenchReport report) => JsonSerializer.Serialize(report, BenchReportJson.Default.BenchReport);

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

        if (report.Barcodes is { } barcodes)
        {
            AppendBarcodes(text, report, barcodes);
        }

        text.AppendLine();
        text.AppendLine(c, $"managed allocation    {report.AllocatedBytesPerFrame:F1} bytes/frame ({report.DecisionChanges} decision changes, the only allocating step)");
        text.AppendLine(report.PeakResidentBytes is { } peak
            ? string.Create(c, $"peak resident memory  {peak / (1024.0 * 1024.0):F1} MiB")
            : "peak resident memory  unknown (no /proc)");
        return text.ToString().TrimEnd();
    }

    private static void AppendBarcodes(StringBuilder text, BenchReport report, BarcodeBenchReport barcodes)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        StageSummary inference = report.Stages["inference"];
        StageSummary total = report.Stages["total"];
        text.AppendLine();
        text.AppendLine(c, $"barcodes     {string.Join(",", barcodes.Formats)}: {barcodes.Decoded} frames decoded, {barcodes.Replaced} replaced by newer ones");
        text.AppendLine(c, $"decode       p50 {barcodes.Decode.P50:F2} ms, p99 {barcodes.Decode.P99:F2} ms per frame (reader thread)");
        text.AppendLine("frame path (ms)     without reader p50   with reader p50");
        text.AppendLine(c, $"{"inference",-18} {inference.P50,20:F3} {barcodes.Inference.P50,17:F3}");
        text.AppendLine(c, $"{"total",-18} {total.P50,20:F3} {barcodes.Total.P50,17:F3}");
        text.AppendLine(c, $"{"fps",-18} {report.Fps,20:F1} {barcodes.Fps,17:F1}");
        text.AppendLine(c, $"with reader: {barcodes.Frames} frames measured, {barcodes.AllocatedBytesPerFrame:F1} bytes/frame allocated on the frame thread");
    }

    /// <summary>Serialisation written at compile time (web defaults, indented): no reflection, so Native AOT builds write it too.</summary>
    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
    [JsonSerializable(typeof(BenchReport))]
    private sealed partial class BenchReportJson : JsonSerializerContext;
}
