using System.Globalization;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Outputs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeClassifier.Pipeline;

/// <summary>
/// The hosted worker: runs the <see cref="FrameLoop"/> on a dedicated thread (inference must not sit on the thread
/// pool), restarts it after an unexpected error, and stops the host when a finite source has played out. Stopping
/// cancels the loop and waits for the thread to end (up to the host's shutdown timeout), so nothing the thread uses
/// is freed under it; <see cref="FrameThreadEnded"/> tells the caller whether that is safe.
/// </summary>
public sealed partial class PipelineWorker : BackgroundService, IPipelineProgress
{
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(1);
    private readonly IFrameSource _source;
    private readonly PipelineStats _stats;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<PipelineWorker> _logger;
    private readonly TaskCompletionSource _threadEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _abandoned = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _threadStarted;

    public PipelineWorker(
        IFrameSource source,
        PipelineModels models,
        PipelineOptions options,
        PipelineStats stats,
        IEnumerable<IDecisionSink> sinks,
        IEnumerable<IFrameGate> gates,
        IEnumerable<IFrameTap> taps,
        IEnumerable<IClassificationStream> streams,
        IHostApplicationLifetime lifetime,
        ILogger<PipelineWorker> logger)
    {
        _source = source;
        _stats = stats;
        _lifetime = lifetime;
        _logger = logger;
        Loop = new FrameLoop(source, models, options, stats, sinks.ToArray(), logger)
        {
            Gate = gates.FirstOrDefault(g => g.IsGating),
            Taps = taps.ToArray(),
            Stream = streams.FirstOrDefault(),
        };
    }

    /// <summary>The frame loop, for controls (pause, trigger gate) wired by the outputs.</summary>
    public FrameLoop Loop { get; }

    /// <summary>Unexpected errors the loop recovered from by restarting.</summary>
    public long Restarts { get; private set; }

    /// <summary>
    /// True once the frame thread has returned (or never started): only then may its models and the camera be freed.
    /// </summary>
    public bool FrameThreadEnded => _threadEnded.Task.IsCompleted || Volatile.Read(ref _threadStarted) == 0;

    public long ProcessedFrames => _stats.FramesProcessed;

    public long LoopTurns => Loop.Turns;

    public TimeSpan InferenceRunningFor => Loop.InferenceRunningFor;

    public bool IdleByDesign => _stats.Health == HealthState.Idle && (Loop.Paused || Loop.Gate is not null);

    public string StatusLine
    {
        get
        {
            PipelineStatsSnapshot s = _stats.Snapshot();
            string broker = _stats.BrokerConnected is { } connected ? (connected() ? ", broker connected" : ", broker disconnected") : string.Empty;
            return string.Create(CultureInfo.InvariantCulture, $"{s.ProcessedFps:F1} fps, model {s.Model}, degrade level {s.DegradeLevel}, {s.Health}, misses {s.Misses}{broker}");
        }
    }

    public void Abandon() => _abandoned.TrySetResult();

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!FrameThreadEnded)
        {
            LogFrameThreadLeft();
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A background thread: one stuck in native code must not keep the process alive once the host has stopped.
        var thread = new Thread(() =>
        {
            try
            {
                RunFrames(stoppingToken);
            }
            finally
            {
                _threadEnded.TrySetResult();
            }
        })
        {
            IsBackground = true,
            Name = "frame-loop",
        };
        // The host may stop before it runs ExecuteAsync at all (another part failed at start): no thread to wait for.
        Volatile.Write(ref _threadStarted, 1);
        thread.Start();
        return Task.WhenAny(_threadEnded.Task, _abandoned.Task);
    }

    private void RunFrames(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    _source.Start();
                    Loop.WarmUp();
                    Loop.Run(stop);
                    if (!stop.IsCancellationRequested)
                    {
                        LogSourceEnded(_source.Name);
                        _lifetime.StopApplication();
                    }

                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Restarts++;
                    _stats.Health = HealthState.Error;
                    LogLoopFailed(ex, Restarts);
                    stop.WaitHandle.WaitOne(RestartDelay);
                }
            }
        }
        finally
        {
            _source.Stop();
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The frame thread did not stop; leaving its models and camera buffers allocated until the process exits")]
    private partial void LogFrameThreadLeft();

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {Source} has no more frames; stopping")]
    private partial void LogSourceEnded(string source);

    [LoggerMessage(Level = LogLevel.Error, Message = "Frame loop failed (restart {Restarts}); restarting in 1 s")]
    private partial void LogLoopFailed(Exception ex, long restarts);
}
