using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EdgeClassifier.Selection;

/// <summary>
/// Formats a <see cref="ModelRanking"/>: the table of model, size, load, p50/p99, memory and accuracy for this board
/// (text or Markdown) with the recommendation and why the others lost, or one JSON object.
/// </summary>
public static class ModelRankingWriter
{
    private static readonly string[] Headers = ["model", "size", "load", "first", "p50", "p99", "peak RSS", "top-1", "top-5", "ambiguous", "verdict"];

    /// <summary>An aligned table, then the recommendation.</summary>
    public static string Text(ModelRanking ranking)
    {
        string[][] rows = Rows(ranking).ToArray();
        int[] widths = Headers.Select((h, c) => rows.Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> cells) => text.AppendLine(string.Join("  ", cells.Select((cell, c) => c == cells.Count - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd());
        Line(Headers);
        foreach (string[] row in rows)
        {
            Line(row);
        }

        text.AppendLine();
        text.Append(Recommendation(ranking));
        return text.ToString();
    }

    /// <summary>A Markdown table, then the recommendation.</summary>
    public static string Markdown(ModelRanking ranking)
    {
        var text = new StringBuilder();
        text.AppendLine($"| {string.Join(" | ", Headers)} |");
        text.AppendLine($"|{string.Concat(Headers.Select(_ => " --- |"))}");
        foreach (string[] row in Rows(ranking))
        {
            text.AppendLine($"| {string.Join(" | ", row.Select(cell => cell.Replace("|", "\\|", StringComparison.Ordinal)))} |");
        }

        text.AppendLine();
        text.Append(Recommendation(ranking));
        return text.ToString();
    }

    /// <summary>
    /// One object: <c>budgetMs</c>, <c>models</c> (in rank order, fractions as <c>eval --json</c> names them) and
    /// <c>recommended</c> (a model's <c>model</c> value, or null when none keeps the budget).
    /// </summary>
    public static string Json(ModelRanking ranking, IReadOnlyDictionary<string, string>? settings = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("budgetMs", ranking.BudgetMs);
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                writer.WriteString(key, value);
            }

            writer.WriteStartArray("models");
            foreach (RankedModel ranked in ranking.Models)
            {
                ModelMeasurement m = ranked.Measurement;
                writer.WriteStartObject();
                writer.WriteString("model", m.Model);
                writer.WriteString("path", m.Path);
                writer.WriteNumber("sizeBytes", m.SizeBytes);
                Number(writer, "loadMs", m.LoadMs, 3);
                Number(writer, "firstInferenceMs", m.FirstInferenceMs, 3);
                Number(writer, "p50Ms", m.P50Ms, 3);
                Number(writer, "p99Ms", m.P99Ms, 3);
                Number(writer, "fps", m.Fps, 2);
                if (m.PeakRssBytes is { } rss)
                {
                    writer.WriteNumber("peakRssBytes", rss);
                }
                else
                {
                    writer.WriteNull("peakRssBytes");
                }

                Number(writer, "top1", m.Top1, 6);
                Number(writer, "top5", m.Top5, 6);
                Number(writer, "ambiguousShare", m.AmbiguousShare, 6);
                writer.WriteString("accuracySource", m.AccuracySource.ToString().ToLowerInvariant());
                writer.WriteBoolean("recommended", ranked.Recommended);
                writer.WriteString("verdict", ranked.Verdict);
                if (m.Error is not null)
                {
                    writer.WriteString("error", m.Error);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (ranking.Recommended is { } chosen)
            {
                writer.WriteString("recommended", chosen.Model);
            }
            else
            {
                writer.WriteNull("recommended");
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The closing sentence: which model to use at this budget, or that none keeps it.</summary>
    public static string Recommendation(ModelRanking ranking) => ranking.Recommended is { } chosen
        ? Invariant($"recommended at {ranking.BudgetMs:0.##} ms: {chosen.Model} — {ranking.Models.First(m => m.Recommended).Verdict}")
        : Invariant($"recommended at {ranking.BudgetMs:0.##} ms: none — no model's p99 keeps the budget");

    private static IEnumerable<string[]> Rows(ModelRanking ranking) => ranking.Models.Select(ranked =>
    {
        ModelMeasurement m = ranked.Measurement;
        return new[]
        {
            (ranked.Recommended ? "* " : string.Empty) + m.Model,
            Mebibytes(m.SizeBytes),
            Milliseconds(m.LoadMs),
            Milliseconds(m.FirstInferenceMs),
            Milliseconds(m.P50Ms),
            Milliseconds(m.P99Ms),
            m.PeakRssBytes is { } rss ? Mebibytes(rss) : "-",
            ModelRanking.Percent(m.Top1) + (m.AccuracySource == AccuracySource.Metadata ? " (metadata)" : string.Empty),
            ModelRanking.Percent(m.Top5),
            ModelRanking.Percent(m.AmbiguousShare),
            ranked.Verdict,
        };
    });

    private static void Number(Utf8JsonWriter writer, string name, double? value, int digits)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, Math.Round(number, digits));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static string Milliseconds(double? value) => value is { } ms ? Invariant($"{ms:F1} ms") : "-";

    private static string Mebibytes(long bytes) => Invariant($"{bytes / 1048576.0:F1} MiB");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
