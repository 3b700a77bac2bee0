using System.Diagnostics;

namespace EdgeClassifier.Outputs.Gpio;

/// <summary>Conversions to <see cref="Stopwatch"/> timestamps, the time base of the output thread.</summary>
internal static class Ticks
{
    public static long FromMilliseconds(double milliseconds) => (long)(milliseconds * Stopwatch.Frequency / 1000.0);

    /// <summary>
    /// Where a square wave of <paramref name="halfPeriod"/> that started on at <paramref name="start"/> is at
    /// <paramref name="now"/>: whether it is on, and when it next flips.
    /// </summary>
    public static (bool On, long NextFlip) SquareWave(long start, long halfPeriod, long now)
    {
        var phase = (now - start) / halfPeriod;
        return (phase % 2 == 0, start + ((phase + 1) * halfPeriod));
    }
}
