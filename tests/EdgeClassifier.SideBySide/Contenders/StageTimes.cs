using System.Diagnostics;

namespace EdgeClassifier.SideBySide.Contenders;

/// <summary>
/// Where a frame path's time goes, frame by frame: the median time of each stage over the last frames (warm-up
/// included, the ring holds the last <see cref="Capacity"/>), printed when the contender is disposed, with the bytes
/// the frames after the first <see cref="WarmFrames"/> allocated on their thread, counted from <see cref="Start"/> to
/// the last stage's end. BenchmarkDotNet's "Allocated" counts every thread of the process, its own bookkeeping
/// between iterations included, and can show a few bytes per frame that no frame allocates; this count cannot.
/// Recording costs two timestamps per stage and allocates nothing.
/// </summary>
internal sealed class StageTimes(string name, params string[] stages)
{
    private const int Capacity = 4096;
    private const int WarmFrames = 1000;
    private readonly long[][] _ticks = stages.Select(_ => new long[Capacity]).ToArray();
    private long _frames;
    private long _allocatedAtStart;
    private long _allocatedByWarmFrames;

    /// <summary>A frame begins: returns the timestamp its first stage starts from.</summary>
    public long Start()
    {
        _allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();
        return Stopwatch.GetTimestamp();
    }

    /// <summary>Records <paramref name="stage"/> as having taken from <paramref name="start"/> until now; returns now.</summary>
    public long Record(int stage, long start)
    {
        long now = Stopwatch.GetTimestamp();
        _ticks[stage][_frames % Capacity] = now - start;
        if (stage == _ticks.Length - 1)
        {
            _frames++;
            if (_frames > WarmFrames)
            {
                _allocatedByWarmFrames += GC.GetAllocatedBytesForCurrentThread() - _allocatedAtStart;
            }
        }

        return now;
    }

    /// <summary>One line: the median of each stage in milliseconds.</summary>
    public void Print()
    {
        int count = (int)Math.Min(_frames, Capacity);
        if (count == 0)
        {
            return;
        }

        IEnumerable<string> medians = stages.Select((stage, i) =>
        {
            long[] sorted = _ticks[i][..count];
            Array.Sort(sorted);
            return $"{stage} {sorted[count / 2] * 1000.0 / Stopwatch.Frequency:F3} ms";
        });
        string allocated = _frames > WarmFrames
            ? $"{_allocatedByWarmFrames} B allocated by the {_frames - WarmFrames} frames after the first {WarmFrames}"
            : "too few frames to count allocations";
        Console.WriteLine($"// stages of {name}, median of the last {count} frames: {string.Join(", ", medians)}; {allocated}");
    }

    /// <summary>
    /// One line: how much longer stage <paramref name="longer"/> took than stage <paramref name="shorter"/> of the same
    /// frame, as the median of the per-frame differences (in ms and in percent of <paramref name="shorter"/>'s median).
    /// </summary>
    public void PrintDifference(int longer, int shorter)
    {
        int count = (int)Math.Min(_frames, Capacity);
        if (count == 0)
        {
            return;
        }

        long[] differences = new long[count];
        for (int i = 0; i < count; i++)
        {
            differences[i] = _ticks[longer][i] - _ticks[shorter][i];
        }

        Array.Sort(differences);
        long[] reference = _ticks[shorter][..count];
        Array.Sort(reference);
        double difference = differences[count / 2] * 1000.0 / Stopwatch.Frequency;
        double baseline = reference[count / 2] * 1000.0 / Stopwatch.Frequency;
        Console.WriteLine(
            $"// {name}: {stages[longer]} minus {stages[shorter]}, median of the per-frame differences: " +
            $"{difference:F3} ms = {100 * difference / baseline:F1} % of {stages[shorter]}'s median {baseline:F3} ms");
    }
}
