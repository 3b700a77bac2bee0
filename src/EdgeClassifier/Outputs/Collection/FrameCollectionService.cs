using System.Globalization;
using EdgeClassifier.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Outputs.Collection;

/// <summary>
/// The collection's lifetime in the service: says at start what is collected where, logs its counters beside the
/// pipeline's stats line (every <c>Pipeline:StatsIntervalSeconds</c>), and at stop lets the writer finish what is
/// queued and logs what it did.
/// </summary>
public sealed partial class FrameCollectionService(
    FrameCollector collector, IOptions<CollectOptions> options, PipelineOptions pipeline, ILogger<FrameCollectionService> logger)
    : BackgroundService
{
    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        CollectOptions o = options.Value;
        var what = new List<string>
        {
            o.AmbiguityMargin is { } margin ? $"top-1 minus top-2 below {margin.ToString(CultureInfo.InvariantCulture)}" : "ambiguous results",
        };
        if (o.BelowScore > 0)
        {
            what.Add($"top-1 below {o.BelowScore.ToString(CultureInfo.InvariantCulture)}");
        }

        if (o.Labels.Length > 0)
        {
            what.Add($"labels {string.Join(", ", o.Labels)}");
        }

        CollectedFrameStore store = collector.Store;
        LogStarted(string.Join("; ", what), store.Directory, store.Images, Megabytes(store.Bytes), store.MaxFiles, Megabytes(store.MaxBytes), o.IntervalMs);
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        collector.Dispose();
        CollectedFrameStore store = collector.Store;
        LogStopped(store.Saved, collector.Dropped, store.Limited, store.Errors, store.Images, Megabytes(store.Bytes));
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(pipeline.StatsIntervalSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            CollectedFrameStore store = collector.Store;
            LogCounters(store.Saved, collector.Dropped, store.Limited, store.Errors, store.Images, Megabytes(store.Bytes));
        }
    }

    private static double Megabytes(long bytes) => Math.Round(bytes / (1024.0 * 1024.0), 2);

    [LoggerMessage(Level = LogLevel.Information, Message = "Collect: saving frames with {What} to {Directory} (holds {Images} images, {Megabytes} MiB; limits {MaxFiles} images, {MaxMegabytes} MiB; one per {IntervalMs} ms at most)")]
    private partial void LogStarted(string what, string directory, long images, double megabytes, int maxFiles, double maxMegabytes, int intervalMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Collect: {Saved} saved, {Dropped} dropped (writer busy), {Limited} refused (limits), {Errors} errors; the directory holds {Images} images, {Megabytes} MiB")]
    private partial void LogCounters(long saved, long dropped, long limited, long errors, long images, double megabytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Collect stopped: {Saved} saved, {Dropped} dropped (writer busy), {Limited} refused (limits), {Errors} errors; the directory holds {Images} images, {Megabytes} MiB")]
    private partial void LogStopped(long saved, long dropped, long limited, long errors, long images, double megabytes);
}
