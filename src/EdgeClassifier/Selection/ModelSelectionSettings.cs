using System.Globalization;

namespace EdgeClassifier.Selection;

/// <summary>
/// How <c>Model:Select=auto</c> measures the candidates: the same <c>bench</c> settings for every model (frames
/// from the service's own camera source, its threads and providers, its budget) and an optional dataset for accuracy.
/// </summary>
/// <param name="Folder">The folder of candidate models (<c>Model:Path</c>).</param>
/// <param name="BudgetMs">The frame budget (<c>Pipeline:BudgetMs</c>).</param>
/// <param name="Source">The frames, as <c>bench --source</c> reads them (e.g. <c>files:/photos</c>).</param>
/// <param name="Frames">Frames measured per model.</param>
/// <param name="Threads">Intra-op threads (0 = one per core).</param>
/// <param name="Providers">Execution providers, comma-separated.</param>
/// <param name="Dataset">A folder-per-label dataset for accuracy, or null (the models' <c>accuracy</c> metadata).</param>
public sealed record ModelSelectionSettings(string Folder, double BudgetMs, string Source, int Frames, int Threads, string Providers, string? Dataset)
{
    /// <summary>Frames run before measuring, per model.</summary>
    public int WarmupFrames => Math.Max(1, Frames / 10);

    /// <summary>The arguments every model's <c>bench</c> child gets.</summary>
    public IReadOnlyList<string> BenchArguments =>
    [
        "--source", Source,
        "--runs", Text(Frames),
        "--warmup", Text(WarmupFrames),
        "--threads", Text(Threads),
        "--providers", Providers,
        "--budget", Text(BudgetMs),
    ];

    /// <summary>
    /// Everything besides the model files that a cached choice depends on: these settings and the board (host name and
    /// core count). A cached choice is reused only while this text is the same.
    /// </summary>
    public string Key => string.Create(
        CultureInfo.InvariantCulture,
        $"budget {BudgetMs} ms, source {Source}, {Frames} frames, threads {Threads}, providers {Providers}, dataset {Dataset ?? "none"}, host {Environment.MachineName}, {Environment.ProcessorCount} cores");

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
