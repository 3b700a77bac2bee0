using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EdgeClassifier.Models.Evaluation;

/// <summary>Formats an <see cref="EvaluationReport"/> as one JSON object or as a readable table.</summary>
public static class EvaluationReportWriter
{
    /// <summary>How many confusion pairs the text report lists.</summary>
    public const int ConfusionsShown = 10;

    /// <summary>One JSON object; fractions are 0..1, rounded to 6 places.</summary>
    public static string ToJson(EvaluationReport report)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", report.Model);
            writer.WriteNumber("count", report.Count);
            writer.WriteNumber("top1", Round(report.Top1));
            writer.WriteNumber("top5", Round(report.Top5));
            writer.WriteStartObject("perClass");
            foreach (ClassMetrics metrics in report.PerClass)
            {
                writer.WriteStartObject(metrics.Label);
                writer.WriteNumber("count", metrics.Count);
                if (metrics.Precision is { } precision)
                {
                    writer.WriteNumber("precision", Round(precision));
                }
                else
                {
                    writer.WriteNull("precision");
                }

                writer.WriteNumber("recall", Round(metrics.Recall));
                writer.WriteNumber("top1", Round(metrics.Recall));
                writer.WriteNumber("top5", Round(metrics.Top5));
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteStartArray("confusions");
            foreach (Confusion confusion in report.Confusions)
            {
                writer.WriteStartObject();
                writer.WriteString("actual", confusion.Actual);
                writer.WriteString("predicted", confusion.Predicted);
                writer.WriteNumber("count", confusion.Count);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNumber("ambiguousShare", Round(report.AmbiguousShare));
            writer.WriteStartObject("latencyMs");
            writer.WriteNumber("mean", Math.Round(report.LatencyMs.Mean, 3));
            writer.WriteNumber("p50", Math.Round(report.LatencyMs.P50, 3));
            writer.WriteNumber("p95", Math.Round(report.LatencyMs.P95, 3));
            writer.WriteEndObject();
            writer.WriteStartArray("unreadable");
            foreach (string problem in report.Unreadable)
            {
                writer.WriteStringValue(problem);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A summary, a per-class table and the most frequent confusions.</summary>
    public static string ToText(EvaluationReport report)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{report.Model}: {report.Count} images, top-1 {Percent(report.Top1)}, top-5 {Percent(report.Top5)}, ambiguous {Percent(report.AmbiguousShare)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"inference ms: mean {report.LatencyMs.Mean:F2}, p50 {report.LatencyMs.P50:F2}, p95 {report.LatencyMs.P95:F2}");
        text.AppendLine();
        text.AppendLine("  count  precision  recall   top-5   label");
        foreach (ClassMetrics metrics in report.PerClass)
        {
            string precision = metrics.Precision is { } p ? Percent(p) : "-";
            text.AppendLine(CultureInfo.InvariantCulture, $"  {metrics.Count,5}  {precision,9}  {Percent(metrics.Recall),6}  {Percent(metrics.Top5),6}   {metrics.Label}");
        }

        if (report.Confusions.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("most frequent confusions (actual -> predicted):");
            foreach (Confusion confusion in report.Confusions.Take(ConfusionsShown))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {confusion.Count,5}  {confusion.Actual} -> {confusion.Predicted}");
            }
        }

        if (report.Unreadable.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"{report.Unreadable.Count} unreadable images were skipped (listed on stderr)");
        }

        return text.ToString().TrimEnd();
    }

    private static double Round(double value) => Math.Round(value, 6);

    private static string Percent(double share) => (share * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";
}
