namespace EdgeClassifier.Pipeline;

/// <summary>
/// The last N values of a measurement in a ring, for percentiles. Adding is allocation-free and lock-free for the
/// single writer (the frame thread); readers copy under a lock-free snapshot of the ring, which may be a value or
/// two behind — fine for statistics.
/// </summary>
internal sealed class RollingWindow
{
    private readonly float[] _values;
    private long _count;

    public RollingWindow(int capacity)
    {
        _values = new float[capacity];
    }

    public int Capacity => _values.Length;

    /// <summary>Values recorded since the start (not capped by the capacity).</summary>
    public long Count => Volatile.Read(ref _count);

    public float Max { get; private set; }

    public void Add(float value)
    {
        _values[(int)(_count % _values.Length)] = value;
        Max = Math.Max(Max, value);
        Volatile.Write(ref _count, _count + 1);
    }

    public void Clear()
    {
        Volatile.Write(ref _count, 0);
        Max = 0;
    }

    /// <summary>The q-quantile (0..1) of the values in the window (<see cref="Statistics.Percentile"/>); 0 when empty.</summary>
    public float Percentile(double q, float[] scratch)
    {
        int n = (int)Math.Min(Count, _values.Length);
        if (n == 0)
        {
            return 0;
        }

        Array.Copy(_values, scratch, n);
        Array.Sort(scratch, 0, n);
        return Statistics.Percentile.OfSorted<float>(scratch.AsSpan(0, n), q);
    }
}
