using EdgeClassifier.Pipeline;
using System.Collections.Concurrent;
using EdgeClassifier.Outputs.Mqtt;

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

    public object GetSnapshot() => new
    {
        FramesCaptured = 10,
        FramesProcessed = 9,
        Drops = 1,
        Misses = 2,
        DegradeLevel = 0,
        Fps = 29.5,
        Stages = new Dictionary<string, object> { ["inference"] = new { P50 = 12.5, P95 = 14.0, P99 = 15.0, Max = 20.0 } },
    };
}
