using EdgeClassifier.Statistics;

namespace EdgeClassifier.Barcodes;

/// <summary>
/// The last N decode times in milliseconds, written by the decode worker and read by the benchmark and stats.
/// </summary>
public sealed class DecodeTimes(int capacity)
{
    private readonly float[] _samples = new float[capacity];
    private readonly Lock _gate = new();
    private long _count;

    /// <summary>Decodes recorded since start.</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Records one decode.</summary>
    public void Add(double milliseconds)
    {
        lock (_gate)
        {
            _samples[_count % _samples.Length] = (float)milliseconds;
            _count++;
        }
    }

    /// <summary>A copy of the kept times, oldest order not preserved.</summary>
    public float[] Snapshot()
    {
        lock (_gate)
        {
            return _samples[..(int)Math.Min(_count, _samples.Length)];
        }
    }

    /// <summary>The last <paramref name="count"/> times (at most the kept ones), oldest first.</summary>
    public float[] Latest(long count)
    {
        lock (_gate)
        {
            int n = (int)Math.Min(count, Math.Min(_count, _samples.Length));
            var latest = new float[n];
            for (int i = 0; i < n; i++)
            {
                latest[i] = _samples[(_count - n + i) % _samples.Length];
            }

            return latest;
        }
    }

    /// <summary>The median and 99th percentile of the kept times (nearest rank); zeros before the first decode.</summary>
    public (float P50, float P99) Percentiles()
    {
        float[] sorted = Snapshot();
        Array.Sort(sorted);
        return (Percentile.OfSorted<float>(sorted, 0.5), Percentile.OfSorted<float>(sorted, 0.99));
    }
}
