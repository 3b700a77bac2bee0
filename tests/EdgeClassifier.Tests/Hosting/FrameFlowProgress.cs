using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Tests.Hosting;

/// <summary>
/// Stands in for the pipeline, which is not part of these tests: frames "flow" on a timer until stalled, as a camera
/// delivering frames would, and stop as a hung camera would.
/// </summary>
internal sealed class FrameFlowProgress : IPipelineProgress, IDisposable
{
    private readonly Timer _timer;
    private long _frames;
    private volatile bool _flowing;

    public FrameFlowProgress()
    {
        _timer = new Timer(_ =>
        {
            if (_flowing)
            {
                Interlocked.Increment(ref _frames);
            }
        }, null, TimeSpan.Zero, TimeSpan.FromMilliseconds(10));
    }

    public long ProcessedFrames => Interlocked.Read(ref _frames);

    public bool IdleByDesign { get; set; }

    public string StatusLine { get; set; } = "12.5 fps, model mobilenet, degrade 0, broker connected";

    public TimeSpan InferenceRunningFor { get; set; }

    public bool Abandoned { get; private set; }

    public void Abandon() => Abandoned = true;

    public void Flow() => _flowing = true;

    public void Stall() => _flowing = false;

    public void Dispose() => _timer.Dispose();
}
