using System.Globalization;
using EdgeClassifier.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Barcodes;

/// <summary>
/// The barcode reader's lifetime in the service: says at start what it reads and how often, logs its counters and
/// decode times beside the pipeline's stats line (every <c>Pipeline:StatsIntervalSeconds</c>), and at stop stops the
/// decode thread (a code being decoded still reaches the outputs) and logs what it did.
/// </summary>
public sealed partial class BarcodeReaderService(
    BarcodeWorker worker, IOptions<BarcodeOptions> options, PipelineOptions pipeline, ILogger<BarcodeReaderService> logger)
    : BackgroundService
{
    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        BarcodeOptions o = options.Value;
        string rate = o.MaxRate > 0 ? o.MaxRate.ToString(CultureInfo.InvariantCulture) + " attempts/s at most" : "every frame it keeps up with";
        LogStarted(string.Join(",", o.Formats), rate, o.When.ToString().ToLowerInvariant());
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        worker.Dispose();
        LogStopped(worker.Decoded, worker.Replaced, worker.Scans);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(pipeline.StatsIntervalSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var (p50, p99) = worker.Times.Percentiles();
            LogCounters(worker.Decoded, worker.Replaced, worker.Scans, p50, p99);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Barcode reader: {Formats}, {Rate}, scanning {When}")]
    private partial void LogStarted(string formats, string rate, string when);

    [LoggerMessage(Level = LogLevel.Information, Message = "Barcode reader: {Decoded} frames decoded, {Replaced} replaced by newer ones, {Scans} scans, decode p50/p99 {P50:F1}/{P99:F1} ms")]
    private partial void LogCounters(long decoded, long replaced, long scans, float p50, float p99);

    [LoggerMessage(Level = LogLevel.Information, Message = "Barcode reader stopped: {Decoded} frames decoded, {Replaced} replaced by newer ones, {Scans} scans")]
    private partial void LogStopped(long decoded, long replaced, long scans);
}
