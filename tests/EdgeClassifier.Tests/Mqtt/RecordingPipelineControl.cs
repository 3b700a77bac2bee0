using System.Collections.Concurrent;
using EdgeClassifier.Outputs.Mqtt;
using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Tests.Mqtt;

/// <summary>
/// Stands in for the pipeline (written in parallel) behind <see cref="IPipelineControl"/>: records what the commands
/// asked for, and refuses thresholds the way the pipeline documents it may.
/// </summary>
public sealed class RecordingPipelineControl : IPipelineControl, IPipelineStatsSource, IModelInfo
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public bool Paused { get; private set; }

    public float Threshold { get; private set; } = 0.5f;

    public string? ModelName => "test-model.onnx";

    public string? Provider => "cpu";

    public void Pause()
    {
        Paused = true;
        Calls.Enqueue("pause");
    }

    public void Resume()
    {
        Paused = false;
        Calls.Enqueue("resume");
    }

    public bool SetScoreThreshold(float value, out string? error)
    {
        Calls.Enqueue($"threshold {value}");
        Threshold = value;
        error = null;
        return true;
    }

    public Task ReloadAsync(CancellationToken cancellationToken)
    {
        Calls.Enqueue("reload");
        return Task.CompletedTask;
    }

    /// <summary>Real pipeline counters (nothing feeds them unless a test does), so <c>stats</c> carries the real document.</summary>
    public PipelineStats Stats { get; } = new();

    /// <summary>When set, reading the stats throws it (a disk or database error behind them).</summary>
    public Exception? StatsFault { get; set; }

    public PipelineStatsSnapshot GetSnapshot() => StatsFault is { } fault ? throw fault : Stats.Snapshot();
}
