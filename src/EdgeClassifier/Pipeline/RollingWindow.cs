namespace EdgeClassifier.Pipeline;

/// <summary>
/// The last N values of a measurement in a ring, for percentiles. Adding is allocation-free and lock-free for the
/// single writer (the frame thread); readers copy under a lock-free snapshot of the ring, which may be a value or
/// two behind — fine for statistics.
/// </summary>
internal sealed class RollingWindow
{
    private readonly float[] values;
    private long count;

    public RollingWindow(int capacity)
    {
        values = new float[capacity];
    }

    public int Capacity => values.Length;

    /// <summary>Values recorded since the start (not capped by the capacity).</summary>
    public long Count => Volatile.Read(ref count);

    public float Max { get; private set; }

    public void Add(float value)
    {
        values[(int)(count % values.Length)] = value;
        Max = Math.Max(Max, value);
        Volatile.Write(ref count, count + 1);
    }

    public void Clear()
    {
        Volatile.Write(ref count, 0);
        Max = 0;
    }

    /// <summary>The q-quantile (0..1) of the values in the window, nearest-rank; 0 when empty.</summary>
    public float Percentile(double q, float[] scratch)
    {
        int n = (int)Math.Min(Count, values.Length);
        if (n == 0)
        {
            return 0;
        }

        Array.Copy(values, scratch, n);
        Array.Sort(scratch, 0, n);
        int rank = (int)Math.Ceiling(q * n) - 1;
        return scratch[Math.Clamp(rank, 0, n - 1)];
    }
}
