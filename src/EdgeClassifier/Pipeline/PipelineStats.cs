using System.Diagnostics;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Outputs;

namespace EdgeClassifier.Pipeline;

/// <summary>
/// Counters and stage timings of the frame path. The frame thread writes (allocation-free); any thread may take a
/// <see cref="Snapshot"/>, which is where the allocation and sorting happen.
/// </summary>
public sealed class PipelineStats
{
    private const int WindowCapacity = 4096;
    private static readonly Stage[] Stages = Enum.GetValues<Stage>();
    private readonly RollingWindow[] _windows = Stages.Select(_ => new RollingWindow(WindowCapacity)).ToArray();
    private readonly Lock _snapshotLock = new();
    private readonly float[] _scratch = new float[WindowCapacity];
    private readonly long _startTicks = Stopwatch.GetTimestamp();
    private long _framesCaptured;
    private long _framesProcessed;
    private long _drops;
    private long _driverDrops;
    private long _misses;
    private long _triggers;
    private PixelFormat _cameraFormat;
    private int _cameraWidth;
    private int _cameraHeight;

    public long FramesCaptured => Interlocked.Read(ref _framesCaptured);

    public long FramesProcessed => Interlocked.Read(ref _framesProcessed);

    /// <summary>Frames captured but not classified: skipped while a stage was busy, or dropped by the driver.</summary>
    public long Drops => Interlocked.Read(ref _drops) + Interlocked.Read(ref _driverDrops);

    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Frames the driver lost (sequence gaps), also counted in <see cref="Drops"/>.</summary>
    public long DriverDrops => Interlocked.Read(ref _driverDrops);

    /// <summary>GPIO trigger events seen.</summary>
    public long Triggers => Interlocked.Read(ref _triggers);

    public int DegradeLevel { get; set; }

    public string DegradeState { get; set; } = "normal";

    public string Model { get; set; } = string.Empty;

    /// <summary>The execution provider running <see cref="Model"/>.</summary>
    public string Provider { get; set; } = string.Empty;

    public string Source { get; set; } = string.Empty;

    /// <summary>The frame path's own health (camera, budget, errors).</summary>
    public HealthState Health { get; set; } = HealthState.Starting;

    /// <summary>Whether the MQTT broker is connected; null when the service has no broker to talk to.</summary>
    public Func<bool>? BrokerConnected { get; set; }

    /// <summary>The health to show a person: the frame path's, or NoBroker when frames are fine but the broker is not.</summary>
    public HealthState EffectiveHealth =>
        Health is HealthState.Ok or HealthState.Idle && BrokerConnected is { } connected && !connected() ? HealthState.NoBroker : Health;

    /// <summary>Reads the camera's reconnect and stall counters when a snapshot is taken.</summary>
    public Func<(long Reconnects, long Stalls)> CameraCounters { get; set; } = () => (0, 0);

    /// <summary>The decision outputs whose drop counters the snapshot shows (the frame loop's sinks).</summary>
    public IReadOnlyList<IDecisionSink> Outputs { get; set; } = [];

    /// <summary>Also sees every classified frame's stage times; null (the service) records only the rolling window.</summary>
    public IStageRecorder? Recorder { get; set; }

    /// <summary>The format of the frames the camera delivers (<see cref="PixelFormat"/>, width, height), zero until the first.</summary>
    public (PixelFormat Format, int Width, int Height) CameraFrame => (_cameraFormat, _cameraWidth, _cameraHeight);

    /// <summary>Counts a frame taken from the camera and notes its format.</summary>
    public void FrameCaptured(PixelFormat format, int width, int height)
    {
        (_cameraFormat, _cameraWidth, _cameraHeight) = (format, width, height);
        Interlocked.Increment(ref _framesCaptured);
    }

    public void FrameDropped() => Interlocked.Increment(ref _drops);

    /// <summary>Frames the source passed over (a newer one was waiting, or they were unusable).</summary>
    public void FramesDropped(long count) => Interlocked.Add(ref _drops, count);

    public void DriverDropped(long count) => Interlocked.Add(ref _driverDrops, count);

    public void TriggerSeen() => Interlocked.Increment(ref _triggers);

    /// <summary>Records one classified frame's stage times (milliseconds) and whether it missed its deadline.</summary>
    public void FrameProcessed(float captureAge, float preprocess, float inference, float decision, float total, bool missed)
    {
        _windows[(int)Stage.CaptureAge].Add(captureAge);
        _windows[(int)Stage.Preprocess].Add(preprocess);
        _windows[(int)Stage.Inference].Add(inference);
        _windows[(int)Stage.Decision].Add(decision);
        _windows[(int)Stage.Total].Add(total);
        Recorder?.Record(captureAge, preprocess, inference, decision, total);
        Interlocked.Increment(ref _framesProcessed);
        if (missed)
        {
            Interlocked.Increment(ref _misses);
        }
    }

    public PipelineStatsSnapshot Snapshot()
    {
        lock (_snapshotLock)
        {
            double uptime = Stopwatch.GetElapsedTime(_startTicks).TotalSeconds;
            var stages = new Dictionary<string, StageSnapshot>();
            foreach (Stage stage in Stages)
            {
                RollingWindow window = _windows[(int)stage];
                stages[JsonName(stage)] = new StageSnapshot(
                    Round(window.Percentile(0.50, _scratch)),
                    Round(window.Percentile(0.95, _scratch)),
                    Round(window.Percentile(0.99, _scratch)),
                    Round(window.Max),
                    window.Count);
            }

            var outputs = new Dictionary<string, OutputStats>();
            foreach (IDecisionSink output in Outputs)
            {
                outputs[output.Name] = new OutputStats(output.Dropped);
            }

            var (reconnects, stalls) = CameraCounters();
            return new PipelineStatsSnapshot(
                DateTimeOffset.UtcNow,
                Math.Round(uptime, 3),
                Model,
                Provider,
                Source,
                FramesCaptured,
                FramesProcessed,
                Drops,
                Interlocked.Read(ref _driverDrops),
                Misses,
                Math.Round(FramesCaptured / Math.Max(uptime, 1e-3), 2),
                Math.Round(FramesProcessed / Math.Max(uptime, 1e-3), 2),
                DegradeLevel,
                DegradeState,
                reconnects,
                stalls,
                Interlocked.Read(ref _triggers),
                EffectiveHealth,
                outputs,
                stages);
        }
    }

    private static string JsonName(Stage stage) => char.ToLowerInvariant(stage.ToString()[0]) + stage.ToString()[1..];

    private static double Round(float value) => Math.Round(value, 3);
}
