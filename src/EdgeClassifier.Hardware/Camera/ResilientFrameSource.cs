using System.Diagnostics;

namespace EdgeClassifier.Hardware.Camera;

/// <summary>
/// Keeps a camera running through unplugs and stalls: when the inner source reports <see cref="FrameWaitResult.Lost"/>
/// or delivers nothing for <see cref="StallTimeout"/>, it stops the source and reopens it with exponential back-off.
/// Callers only ever see <see cref="FrameWaitResult.Timeout"/> while the camera is away; nothing is thrown for a
/// camera that went away (only <see cref="CameraConfigurationException"/>, which retrying cannot fix).
/// </summary>
public sealed class ResilientFrameSource : IFrameSource
{
    private readonly Action<string>? _log;
    private bool _running;
    private long _lastFrameTicks;
    private long _nextAttemptTicks;
    private TimeSpan _backoff;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The source to keep alive; this wrapper owns it.</param>
    /// <param name="stallTimeout">How long without a frame counts as a stall (default 5 s).</param>
    /// <param name="log">Receives one line per loss, stall and reconnect; null to stay quiet.</param>
    public ResilientFrameSource(IFrameSource inner, TimeSpan? stallTimeout = null, Action<string>? log = null)
    {
        Inner = inner;
        StallTimeout = stallTimeout ?? TimeSpan.FromSeconds(5);
        _log = log;
        _backoff = InitialBackoff;
    }

    /// <summary>The wrapped source.</summary>
    public IFrameSource Inner { get; }

    /// <summary>No frame for this long while connected counts as a stall and restarts the source.</summary>
    public TimeSpan StallTimeout { get; }

    /// <summary>The first delay before reopening; it doubles after each failed attempt.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest delay between reopen attempts.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Times the source was successfully reopened after a loss or a stall.</summary>
    public long Reconnects { get; private set; }

    /// <summary>Times no frame arrived within <see cref="StallTimeout"/>.</summary>
    public long Stalls { get; private set; }

    /// <summary>Times the inner source reported the device lost.</summary>
    public long Losses { get; private set; }

    /// <summary>True while the inner source is started and delivering.</summary>
    public bool IsConnected { get; private set; }

    /// <summary>Why the camera is (or last was) disconnected, for logs and health.</summary>
    public string? LastError { get; private set; }

    /// <inheritdoc/>
    public string Name => Inner.Name;

    /// <inheritdoc/>
    public void Start()
    {
        _running = true;
        _backoff = InitialBackoff;
        if (!TryStartInner())
        {
            // Not there yet: the first reopen follows the usual back-off.
            ScheduleRetry();
        }
    }

    /// <inheritdoc/>
    public FrameWaitResult TryAcquire(TimeSpan timeout, out Frame frame)
    {
        frame = default;
        if (!_running)
        {
            throw new InvalidOperationException("Start the frame source before acquiring frames.");
        }

        if (!IsConnected)
        {
            return WaitAndReconnect(timeout);
        }

        // Never wait past the stall deadline, so a stall is noticed even with a long caller timeout.
        long now = Stopwatch.GetTimestamp();
        var untilStall = Stopwatch.GetElapsedTime(now, _lastFrameTicks + ToTicks(StallTimeout));
        var wait = untilStall < timeout ? untilStall : timeout;
        var result = Inner.TryAcquire(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, out frame);
        switch (result)
        {
            case FrameWaitResult.Frame:
                _lastFrameTicks = Stopwatch.GetTimestamp();
                return result;
            case FrameWaitResult.End:
                return result;
            case FrameWaitResult.Lost:
                Losses++;
                Disconnect(DescribeLoss());
                return FrameWaitResult.Timeout;
            default:
                if (Stopwatch.GetElapsedTime(_lastFrameTicks) >= StallTimeout)
                {
                    Stalls++;
                    Disconnect($"no frame from {Name} for {StallTimeout.TotalSeconds:0.#} s");
                }

                return FrameWaitResult.Timeout;
        }
    }

    /// <inheritdoc/>
    public void Release() => Inner.Release();

    /// <inheritdoc/>
    public void Stop()
    {
        _running = false;
        IsConnected = false;
        Inner.Stop();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Stop();
        Inner.Dispose();
    }

    private FrameWaitResult WaitAndReconnect(TimeSpan timeout)
    {
        var untilAttempt = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _nextAttemptTicks);
        if (untilAttempt > timeout)
        {
            Thread.Sleep(timeout);
            return FrameWaitResult.Timeout;
        }

        if (untilAttempt > TimeSpan.Zero)
        {
            Thread.Sleep(untilAttempt);
        }

        if (TryStartInner())
        {
            Reconnects++;
            _log?.Invoke($"Camera {Name} reconnected.");
        }
        else
        {
            ScheduleRetry();
        }

        // The frame itself is fetched on the next call, with the caller's full timeout.
        return FrameWaitResult.Timeout;
    }

    private bool TryStartInner()
    {
        try
        {
            Inner.Start();
            IsConnected = true;
            _backoff = InitialBackoff;
            _lastFrameTicks = Stopwatch.GetTimestamp();
            return true;
        }
        catch (CameraConfigurationException)
        {
            throw;
        }
        catch (Exception ex)
        {
            LastError = ex.Message;
            StopInnerQuietly();
            return false;
        }
    }

    private void ScheduleRetry()
    {
        _nextAttemptTicks = Stopwatch.GetTimestamp() + ToTicks(_backoff);
        _log?.Invoke($"Camera {Name} unavailable ({LastError}); retrying in {_backoff.TotalSeconds:0.##} s.");
        _backoff = _backoff * 2 > MaxBackoff ? MaxBackoff : _backoff * 2;
    }

    private void Disconnect(string reason)
    {
        LastError = reason;
        IsConnected = false;
        _log?.Invoke($"Camera {Name} lost: {reason}; reopening.");
        StopInnerQuietly();
        _backoff = InitialBackoff;
        _nextAttemptTicks = Stopwatch.GetTimestamp() + ToTicks(_backoff);
    }

    private string DescribeLoss() =>
        Inner is IReportsLastError { LastError: { } error } ? error : $"{Name} reported the device lost";

    private void StopInnerQuietly()
    {
        try
        {
            Inner.Stop();
        }
        catch (Exception ex)
        {
            // A device that vanished can fail to close cleanly; the reopen still proceeds.
            _log?.Invoke($"Camera {Name} did not stop cleanly: {ex.Message}");
        }
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
