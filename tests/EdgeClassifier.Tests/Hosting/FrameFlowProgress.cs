using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Tests.Hosting;

/// <summary>
/// Stands in for the pipeline, which is not part of these tests: frames "flow" on a timer, as a camera delivering
/// frames would; the loop turns without frames while it waits for an absent camera; and everything stops when the loop
/// hangs (stalled).
/// </summary>
internal sealed class FrameFlowProgress : IPipelineProgress, IDisposable
{
    private readonly Timer _timer;
    private long _frames;
    private long _turns;
    private volatile bool _flowing;
    private volatile bool _waiting;

    public FrameFlowProgress()
    {
        _timer = new Timer(_ =>
        {
            if (_flowing)
            {
                Interlocked.Increment(ref _frames);
            }

            if (_flowing || _waiting)
            {
                Interlocked.Increment(ref _turns);
            }
        }, null, TimeSpan.Zero, TimeSpan.FromMilliseconds(10));
    }

    public long ProcessedFrames => Interlocked.Read(ref _frames);

    public long LoopTurns => Interlocked.Read(ref _turns);

    public bool IdleByDesign { get; set; }

    public string StatusLine { get; set; } = "12.5 fps, model mobilenet, degrade 0, broker connected";

    public TimeSpan InferenceRunningFor { get; set; }

    public bool Abandoned { get; private set; }

    public void Abandon() => Abandoned = true;

    public void Flow() => (_flowing, _waiting) = (true, false);

    /// <summary>No frames, but the loop keeps turning (waiting for the camera, or idle by design).</summary>
    public void Wait() => (_flowing, _waiting) = (false, true);

    public void Stall() => (_flowing, _waiting) = (false, false);

    public void Dispose() => _timer.Dispose();
}
