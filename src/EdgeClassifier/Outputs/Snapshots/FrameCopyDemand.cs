using System.Diagnostics;

namespace EdgeClassifier.Outputs.Snapshots;

/// <summary>
/// How often and how wide <see cref="SnapshotTap"/> copies frames that did not change a decision: once a second at
/// the snapshot width (for the <c>snapshot</c> command), faster and possibly wider while someone watches the live
/// stream. Read by the frame thread without locks.
/// </summary>
public sealed class FrameCopyDemand
{
    private static readonly long Idle = Stopwatch.Frequency;
    private long _intervalTicks = Idle;
    private int _width;

    /// <summary>Stopwatch ticks between two copies.</summary>
    public long IntervalTicks => Volatile.Read(ref _intervalTicks);

    /// <summary>The width viewers need (0 when nobody watches).</summary>
    public int Width => Volatile.Read(ref _width);

    /// <summary>While someone watches: copy at <paramref name="fps"/> (never slower than once a second) and at least <paramref name="minimumWidth"/>.</summary>
    public void Watch(double fps, int minimumWidth)
    {
        Volatile.Write(ref _width, minimumWidth);
        Volatile.Write(ref _intervalTicks, Math.Min(Idle, (long)(Stopwatch.Frequency / fps)));
    }

    /// <summary>Nobody watches any more: back to once a second.</summary>
    public void Relax()
    {
        Volatile.Write(ref _intervalTicks, Idle);
        Volatile.Write(ref _width, 0);
    }
}
