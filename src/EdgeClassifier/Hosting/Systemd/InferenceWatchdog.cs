using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeClassifier.Hosting.Systemd;

/// <summary>
/// Notices, inside the process, an inference that runs longer than <see cref="WatchdogOptions.StuckInferenceMultiple"/>
/// times the per-frame budget: logs it, counts it and raises <see cref="PipelineRestartRequested"/>. When
/// <see cref="WatchdogOptions.MaxRestarts"/> restarts already happened within <see cref="WatchdogOptions.RestartWindow"/>,
/// it stops the host instead and ends the process with exit code 1, so systemd (<c>Restart=on-failure</c>) takes over.
/// </summary>
/// <remarks>
/// Tracks one inference at a time, as the pipeline runs them: wrap each in <c>using (watchdog.BeginInference())</c>.
/// </remarks>
public sealed partial class InferenceWatchdog : IDisposable
{
    private const long NoInference = 0;

    private readonly WatchdogOptions _options;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<InferenceWatchdog> _logger;
    private readonly TimeProvider _time;
    private readonly Action<int> _exitProcess;
    private readonly ITimer _checkTimer;
    private readonly Queue<long> _restartTimestamps = new();
    private readonly Lock _checkLock = new();
    private long _lastInference;
    private long _runningInference = NoInference;
    private long _runningSince;
    private long _reportedInference = NoInference;
    private long _stuckInferences;
    private bool _gaveUp;

    /// <summary>Starts watching; <paramref name="inferenceBudget"/> is the per-frame time budget of the pipeline.</summary>
    public InferenceWatchdog(
        TimeSpan inferenceBudget,
        WatchdogOptions options,
        IHostApplicationLifetime lifetime,
        ILogger<InferenceWatchdog> logger,
        TimeProvider time)
        : this(inferenceBudget, options, lifetime, logger, time, Environment.Exit)
    {
    }

    // Tests pass their own exitProcess: the real one would end the test run.
    internal InferenceWatchdog(
        TimeSpan inferenceBudget,
        WatchdogOptions options,
        IHostApplicationLifetime lifetime,
        ILogger<InferenceWatchdog> logger,
        TimeProvider time,
        Action<int> exitProcess)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(inferenceBudget, TimeSpan.Zero);
        _options = options;
        _lifetime = lifetime;
        _logger = logger;
        _time = time;
        _exitProcess = exitProcess;
        StuckThreshold = inferenceBudget * options.StuckInferenceMultiple;
        // Checking at half the threshold reports a stuck inference between 1 and 1.5 thresholds after it began.
        var period = StuckThreshold / 2;
        _checkTimer = time.CreateTimer(_ => CheckForStuckInference(), null, period, period);
    }

    /// <summary>
    /// Raised (on a timer thread) when an inference is stuck and the pipeline should abandon it and start over.
    /// Handlers should only signal the pipeline, not wait for it.
    /// </summary>
    public event Action? PipelineRestartRequested;

    /// <summary>How long one inference may run before it counts as stuck.</summary>
    public TimeSpan StuckThreshold { get; }

    /// <summary>Stuck inferences seen since start.</summary>
    public long StuckInferences => Interlocked.Read(ref _stuckInferences);

    /// <summary>Marks the start of one inference; dispose the result when it returns.</summary>
    public InferenceScope BeginInference()
    {
        var inference = Interlocked.Increment(ref _lastInference);
        Interlocked.Exchange(ref _runningSince, _time.GetTimestamp());
        Interlocked.Exchange(ref _runningInference, inference);
        return new InferenceScope(this, inference);
    }

    internal void EndInference(long inference) =>
        Interlocked.CompareExchange(ref _runningInference, NoInference, inference);

    /// <inheritdoc />
    public void Dispose() => _checkTimer.Dispose();

    private void CheckForStuckInference()
    {
        // A slow restart handler must not let timer callbacks pile up and report the same inference twice.
        if (!_checkLock.TryEnter())
        {
            return;
        }

        try
        {
            var inference = Interlocked.Read(ref _runningInference);
            if (inference == NoInference || inference == _reportedInference || _gaveUp)
            {
                return;
            }

            var elapsed = _time.GetElapsedTime(Interlocked.Read(ref _runningSince));
            if (elapsed < StuckThreshold)
            {
                return;
            }

            _reportedInference = inference;
            var stuck = Interlocked.Increment(ref _stuckInferences);
            LogStuckInference(elapsed, StuckThreshold, stuck);
            RestartOrGiveUp();
        }
        finally
        {
            _checkLock.Exit();
        }
    }

    private void RestartOrGiveUp()
    {
        var now = _time.GetTimestamp();
        while (_restartTimestamps.TryPeek(out var oldest) && _time.GetElapsedTime(oldest, now) > _options.RestartWindow)
        {
            _restartTimestamps.Dequeue();
        }

        if (_restartTimestamps.Count >= _options.MaxRestarts)
        {
            GiveUp();
            return;
        }

        _restartTimestamps.Enqueue(now);
        LogRestarting(_restartTimestamps.Count, _options.MaxRestarts, _options.RestartWindow);
        PipelineRestartRequested?.Invoke();
    }

    private void GiveUp()
    {
        _gaveUp = true;
        LogGivingUp(_restartTimestamps.Count, _options.RestartWindow);
        // Exit only once the host has stopped its services (outbox flushed, GPIO released); the hosting lifetimes in
        // .NET 8+ handle signals without a ProcessExit handler, so exiting from this callback cannot deadlock. If the
        // shutdown itself hangs, the withheld systemd watchdog pings end the process instead.
        _lifetime.ApplicationStopped.Register(() => _exitProcess(ExitCodes.Failure));
        _lifetime.StopApplication();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Inference stuck: running for {Elapsed}, over the {Threshold} limit ({Count} stuck so far)")]
    private partial void LogStuckInference(TimeSpan elapsed, TimeSpan threshold, long count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Restarting the pipeline ({Restarts} of {MaxRestarts} allowed within {Window})")]
    private partial void LogRestarting(int restarts, int maxRestarts, TimeSpan window);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Inference stuck again after {Restarts} pipeline restarts within {Window}; stopping with exit code 1 so systemd restarts the service")]
    private partial void LogGivingUp(int restarts, TimeSpan window);
}
