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
    private long intervalTicks = Idle;
    private int width;

    /// <summary>Stopwatch ticks between two copies.</summary>
    public long IntervalTicks => Volatile.Read(ref intervalTicks);

    /// <summary>The width viewers need (0 when nobody watches).</summary>
    public int Width => Volatile.Read(ref width);

    /// <summary>While someone watches: copy at <paramref name="fps"/> (never slower than once a second) and at least <paramref name="minimumWidth"/>.</summary>
    public void Watch(double fps, int minimumWidth)
    {
        Volatile.Write(ref width, minimumWidth);
        Volatile.Write(ref intervalTicks, Math.Min(Idle, (long)(Stopwatch.Frequency / fps)));
    }

    /// <summary>Nobody watches any more: back to once a second.</summary>
    public void Relax()
    {
        Volatile.Write(ref intervalTicks, Idle);
        Volatile.Write(ref width, 0);
    }
}
