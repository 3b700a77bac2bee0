namespace EdgeClassifier.Benchmarking;

/// <summary>Distribution of one stage's times over the measured frames, in milliseconds.</summary>
public sealed record StageSummary(int Count, double Min, double Avg, double Std, double P50, double P90, double P99, double Max)
{
    /// <summary>Summarises <paramref name="samples"/> (population standard deviation, linearly interpolated percentiles).</summary>
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
            Round(Percentile(sorted, 0.50)),
            Round(Percentile(sorted, 0.90)),
            Round(Percentile(sorted, 0.99)),
            Round(sorted[^1]));
    }

    private static double Percentile(double[] sorted, double quantile)
    {
        double rank = quantile * (sorted.Length - 1);
        int below = (int)Math.Floor(rank);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((rank - below) * (sorted[above] - sorted[below]));
    }

    private static double Round(double value) => Math.Round(value, 4);
}
