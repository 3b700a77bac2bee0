using EdgeClassifier.Benchmarking;
using EdgeClassifier.Pipeline;
using EdgeClassifier.Statistics;

namespace EdgeClassifier.Tests.Statistics;

public sealed class PercentileTests
{
    private static readonly double[] OneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    [Theory]
    [InlineData(0.00, 1)]
    [InlineData(0.10, 1)]
    [InlineData(0.11, 2)]
    [InlineData(0.50, 5)]
    [InlineData(0.51, 6)]
    [InlineData(0.90, 9)]
    [InlineData(0.95, 10)]
    [InlineData(1.00, 10)]
    public void Nearest_rank_picks_the_sample_at_rank_ceiling_of_q_times_n(double quantile, double expected) =>
        Assert.Equal(expected, Percentile.OfSorted<double>(OneToTen, quantile));

    [Fact]
    public void Binary_noise_in_q_times_n_does_not_move_the_rank()
    {
        double[] hundred = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();
        Assert.Equal(7.000000000000001, 0.07 * 100); // the reason for the tolerance
        Assert.Equal(7, Percentile.OfSorted<double>(hundred, 0.07));
        Assert.Equal(95, Percentile.OfSorted<double>(hundred, 0.95));
    }

    [Fact]
    public void No_samples_give_zero_and_a_quantile_outside_0_to_1_is_refused()
    {
        Assert.Equal(0, Percentile.OfSorted<float>([], 0.95));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentile.OfSorted<double>(OneToTen, 1.5));
    }

    [Fact]
    public void Bench_and_the_running_service_report_the_same_p95_for_the_same_frame_times()
    {
        float[] times = [12f, 3f, 7f, 40f, 9f, 5f, 11f, 8f, 6f, 10f, 4f, 13f, 14f, 15f, 2f, 16f, 17f, 18f, 19f, 20f, 21f];
        var stats = new PipelineStats();
        foreach (float t in times)
        {
            stats.FrameProcessed(0, 0, 0, 0, t, missed: false);
        }

        StageSummary bench = StageSummary.Of(times);
        StageSnapshot run = stats.Snapshot().Stages["total"];

        // 21 samples: p95 is rank ⌈19.95⌉ = 20 of the sorted times, i.e. 21 (40 is rank 21).
        Assert.Equal(21, bench.P95);
        Assert.Equal(bench.P95, run.P95);
        Assert.Equal(bench.P50, run.P50);
        Assert.Equal(bench.P99, run.P99);
    }
}
