using System.Globalization;

namespace EdgeClassifier.Selection;

/// <summary>
/// <c>Model:Select=auto</c>: measures every model in a folder as <c>compare</c> does (each in a <c>bench</c> child
/// process of its own, with <c>eval</c> for a dataset), ranks them with <see cref="ModelRanking"/>, logs the table and
/// returns the recommended model — or, when none keeps the budget, the fastest, saying so. The choice is cached in
/// <paramref name="cacheFile"/> and reused while the settings and every model file's size and write time are the same.
/// </summary>
/// <param name="cacheFile">Where the choice is kept (in the state directory).</param>
/// <param name="log">Receives each log line.</param>
public sealed class StartupModelSelector(string cacheFile, Action<string> log)
{
    /// <summary>The cache file's name in the state directory.</summary>
    public const string CacheFileName = "model-selection.json";

    /// <summary>The model file to run.</summary>
    /// <exception cref="ArgumentException">The folder holds no model, or no model could be measured; the message says why.</exception>
    public string Select(ModelSelectionSettings settings)
    {
        IReadOnlyList<string> files = ModelCandidates.Expand([settings.Folder]);
        var stamps = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in files)
        {
            stamps[Path.GetFileName(file)] = ModelFileStamp.Of(file).ToString();
        }

        if (ModelSelectionCache.Read(cacheFile) is { } cached)
        {
            if (cached.Difference(settings.Key, stamps) is not { } change)
            {
                log(string.Create(CultureInfo.InvariantCulture, $"model: Model:Select=auto: reusing the cached choice {Path.GetFileName(cached.Model)} (measured {cached.MeasuredAt:u}, {cacheFile}; the models and settings are unchanged)"));
                LogTable(cached.Table);
                return cached.Model;
            }

            log($"model: Model:Select=auto: the cached choice no longer holds, measuring again: {change}");
        }

        log(string.Create(CultureInfo.InvariantCulture, $"model: Model:Select=auto: measuring {files.Count} models in {settings.Folder} ({settings.Frames} frames each from {settings.Source}) for the {settings.BudgetMs:0.##} ms budget"));
        var measurer = new IsolatedMeasurer(settings.BenchArguments, settings.Dataset, mapping: null);
        var measurements = files.Select(file => measurer.Measure(file, () => { })).ToList();
        if (measurements.All(m => m.Error is not null))
        {
            throw new ArgumentException($"Model:Select=auto: no model in {settings.Folder} could be measured: {measurements[0].Model}: {measurements[0].Error}");
        }

        ModelRanking ranking = ModelRanking.Rank(measurements, settings.BudgetMs);
        string table = ModelRankingWriter.Text(ranking);
        LogTable(table);
        ModelMeasurement chosen = ranking.Recommended ?? measurements.Where(m => m.Error is null).MinBy(m => m.P99Ms)!;
        if (ranking.Recommended is null)
        {
            log(string.Create(CultureInfo.InvariantCulture, $"model: Model:Select=auto: no model keeps the {settings.BudgetMs:0.##} ms budget; running the fastest, {chosen.Model} (p99 {chosen.P99Ms:F1} ms)"));
        }
        else
        {
            log($"model: Model:Select=auto: selected {chosen.Model}");
        }

        var cache = new ModelSelectionCache
        {
            Settings = settings.Key,
            Files = stamps,
            Model = chosen.Path,
            Table = table,
            MeasuredAt = DateTimeOffset.UtcNow,
        };
        try
        {
            cache.Write(cacheFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log($"model: Model:Select=auto: cannot keep the choice in {cacheFile} ({ex.Message}); the next start measures again");
        }

        return chosen.Path;
    }

    private void LogTable(string table)
    {
        foreach (string line in table.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0))
        {
            log("model:   " + line);
        }
    }
}
