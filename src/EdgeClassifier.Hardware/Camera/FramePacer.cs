using System.Diagnostics;

namespace EdgeClassifier.Hardware.Camera;

/// <summary>
/// Hands out frame slots at a fixed rate for sources that make their own frames. A consumer that falls behind gets
/// the next frame at once instead of a burst of catch-up frames, as with a camera whose newest frame is waiting.
/// </summary>
internal sealed class FramePacer(double fps)
{
    private readonly long _period = (long)(Stopwatch.Frequency / fps);
    private long _nextDue;

    /// <summary>Makes the next frame due immediately.</summary>
    public void Reset() => _nextDue = 0;

    /// <summary>Waits until the next frame is due; returns false, after waiting <paramref name="timeout"/>, if it is later.</summary>
    public bool WaitForNext(TimeSpan timeout)
    {
        long now = Stopwatch.GetTimestamp();
        if (_nextDue == 0)
        {
            _nextDue = now;
        }

        var wait = Stopwatch.GetElapsedTime(now, _nextDue);
        if (wait > timeout)
        {
            Thread.Sleep(timeout);
            return false;
        }

        if (wait > TimeSpan.Zero)
        {
            Thread.Sleep(wait);
        }

        _nextDue = Math.Max(_nextDue + _period, Stopwatch.GetTimestamp());
        return true;
    }
}
