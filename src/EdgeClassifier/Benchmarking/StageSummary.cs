using EdgeClassifier.Statistics;

namespace EdgeClassifier.Benchmarking;

/// <summary>Distribution of one stage's times over the measured frames, in milliseconds.</summary>
public sealed record StageSummary(int Count, double Min, double Avg, double Std, double P50, double P95, double P99, double Max)
{
    /// <summary>Summarises <paramref name="samples"/> (population standard deviation, nearest-rank percentiles: <see cref="Percentile"/>).</summary>
    public static StageSummary Of(ReadOnlySpan<float> samples)
    {
        if (samples.IsEmpty)
        {
            return new StageSummary(0, 0, 0, 0, 0, 0, 0, 0);
        }

        double[] sorted = new double[samples.Length];
        for (int i = 0; i < samples.Length; i++)
        {
            sorted[i] = samples[i];
        }

        Array.Sort(sorted);
        double avg = sorted.Average();
        double variance = sorted.Sum(v => (v - avg) * (v - avg)) / sorted.Length;
        return new StageSummary(
            sorted.Length,
            Round(sorted[0]),
            Round(avg),
            Round(Math.Sqrt(variance)),
            Round(Percentile.OfSorted<double>(sorted, 0.50)),
            Round(Percentile.OfSorted<double>(sorted, 0.95)),
            Round(Percentile.OfSorted<double>(sorted, 0.99)),
            Round(sorted[^1]));
    }

    private static double Round(double value) => Math.Round(value, 4);
}
