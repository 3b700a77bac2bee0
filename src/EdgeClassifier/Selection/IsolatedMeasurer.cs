using System.Text.Json;
using EdgeClassifier.Models.Metadata;

namespace EdgeClassifier.Selection;

/// <summary>
/// Measures one model for <c>compare</c> and <c>Model:Select=auto</c> by running <c>bench --json</c> (and <c>eval --json</c> with a dataset) in
/// child processes, so every model gets a fresh process: its own peak memory, no warm caches from the model before.
/// </summary>
/// <param name="benchArguments">The bench settings every model gets (source, frames, threads, providers, budget).</param>
/// <param name="dataset">A folder-per-label dataset, or null for latency only.</param>
/// <param name="mapping">eval's folder=label mapping file, or null.</param>
public sealed class IsolatedMeasurer(IReadOnlyList<string> benchArguments, string? dataset, string? mapping)
{
    private static readonly TimeSpan ChildTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Child processes per model: bench, and eval with a dataset.</summary>
    public int StepsPerModel => dataset is null ? 1 : 2;

    /// <summary>Measures <paramref name="modelPath"/>; a failing child becomes the measurement's error.</summary>
    public ModelMeasurement Measure(string modelPath, Action stepDone)
    {
        var measurement = new ModelMeasurement(Path.GetFileName(modelPath), modelPath, ModelFileStamp.Of(modelPath).Length);
        SelfProcess.Result bench = SelfProcess.Run(["bench", "--model", modelPath, .. benchArguments, "--json"], ChildTimeout);
        stepDone();
        if (bench.ExitCode != 0)
        {
            return measurement with { Error = $"bench: {bench.LastError}" };
        }

        using (JsonDocument document = JsonDocument.Parse(bench.Output))
        {
            JsonElement report = document.RootElement;
            JsonElement total = report.GetProperty("stages").GetProperty("total");
            JsonElement peak = report.GetProperty("peakResidentBytes");
            measurement = measurement with
            {
                LoadMs = report.GetProperty("loadMs").GetDouble(),
                FirstInferenceMs = report.GetProperty("firstInferenceMs").GetDouble(),
                P50Ms = total.GetProperty("p50").GetDouble(),
                P99Ms = total.GetProperty("p99").GetDouble(),
                Fps = report.GetProperty("fps").GetDouble(),
                PeakRssBytes = peak.ValueKind == JsonValueKind.Number ? peak.GetInt64() : null,
            };
        }

        return dataset is null ? WithMetadataAccuracy(measurement) : WithDatasetAccuracy(measurement, stepDone);
    }

    private ModelMeasurement WithDatasetAccuracy(ModelMeasurement measurement, Action stepDone)
    {
        string[] mappingArguments = mapping is null ? [] : ["--mapping", mapping];
        SelfProcess.Result eval = SelfProcess.Run(["eval", "--model", measurement.Path, .. mappingArguments, "--json", dataset!], ChildTimeout);
        stepDone();

        // eval exits 2 after skipping unreadable images but still reports the rest; without a report it failed.
        if (eval.ExitCode != 0 && !eval.Output.TrimStart().StartsWith('{'))
        {
            return measurement with { Error = $"eval: {eval.LastError}" };
        }

        using JsonDocument document = JsonDocument.Parse(eval.Output);
        JsonElement report = document.RootElement;
        return measurement with
        {
            Top1 = report.GetProperty("top1").GetDouble(),
            Top5 = report.GetProperty("top5").GetDouble(),
            AmbiguousShare = report.GetProperty("ambiguousShare").GetDouble(),
            AccuracySource = AccuracySource.Dataset,
        };
    }

    private static ModelMeasurement WithMetadataAccuracy(ModelMeasurement measurement)
    {
        double? accuracy = ModelMetadataFile.Accuracy(ModelMetadataFile.Read(measurement.Path));
        return accuracy is null ? measurement : measurement with { Top1 = accuracy, AccuracySource = AccuracySource.Metadata };
    }
}
