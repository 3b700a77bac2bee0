namespace EdgeClassifier.Hardware.Camera;

/// <summary>
/// A camera or anything that stands in for one. The consumer acquires one frame at a time, reads it in place,
/// and releases it so the buffer can be filled again.
/// </summary>
public interface IFrameSource : IDisposable
{
    /// <summary>A short human-readable name, e.g. <c>v4l2:/dev/video0</c>.</summary>
    string Name { get; }

    /// <summary>Opens the device and starts streaming. Safe to call again after a failure.</summary>
    void Start();

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the next frame. On <see cref="FrameWaitResult.Frame"/> the frame is
    /// valid until <see cref="Release"/>; any other result leaves <paramref name="frame"/> empty.
    /// </summary>
    FrameWaitResult TryAcquire(TimeSpan timeout, out Frame frame);

    /// <summary>Gives the last acquired frame's buffer back to the source.</summary>
    void Release();

    /// <summary>Stops streaming and closes the device; <see cref="Start"/> may open it again.</summary>
    void Stop();
}

/// <summary>What <see cref="IFrameSource.TryAcquire"/> found.</summary>
public enum FrameWaitResult
{
    /// <summary>A frame is ready.</summary>
    Frame,

    /// <summary>No frame arrived within the timeout.</summary>
    Timeout,

    /// <summary>The device went away or failed; the caller should stop and start the source again.</summary>
    Lost,

    /// <summary>A finite source (e.g. a folder played once) has no more frames.</summary>
    End,
}
