namespace EdgeClassifier.Statistics;

/// <summary>
/// The one percentile definition of the project, used by <c>bench</c>, <c>run</c> (stats, degrade policy, model
/// trials) and <c>eval</c>, so all three report the same p95 for the same samples.
/// </summary>
/// <remarks>
/// <b>Nearest rank</b>: the q-quantile of n sorted samples is the sample at 1-based rank ⌈q·n⌉ (rank 1 for q = 0),
/// i.e. the smallest sample that at least a fraction q of the samples do not exceed. The result is always a value
/// that was measured (never interpolated between two), which is what a latency budget is compared against.
/// Example: for 1, 2, …, 10, p50 = 5, p95 = 10, p90 = 9, p10 = 1.
/// </remarks>
public static class Percentile
{
    private const double RankTolerance = 1e-9;

    /// <summary>
    /// The nearest-rank <paramref name="quantile"/> (0..1) of <paramref name="sorted"/>, which must be in ascending
    /// order; the type's default (0) when there are no samples.
    /// </summary>
    public static T OfSorted<T>(ReadOnlySpan<T> sorted, double quantile)
    {
        if (sorted.IsEmpty)
        {
            return default!;
        }

        return sorted[Index(sorted.Length, quantile)];
    }

    /// <summary>The 0-based index of the nearest-rank <paramref name="quantile"/> among <paramref name="count"/> sorted samples.</summary>
    public static int Index(int count, double quantile)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (!(quantile is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "A quantile is between 0 and 1.");
        }

        // q·n is rounded up, but not past binary noise: 0.07 × 100 is 7.000000000000001 in doubles and must stay rank 7.
        int rank = (int)Math.Ceiling((quantile * count) - RankTolerance);
        return Math.Clamp(rank - 1, 0, count - 1);
    }
}
