using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Barcodes;

/// <summary>
/// The barcode reader's lifetime in the service: says at start what it reads and how often, and at stop stops the
/// decode thread (a scan being decoded still reaches the outputs) and logs what it did.
/// </summary>
public sealed partial class BarcodeReaderService(BarcodeWorker worker, IOptions<BarcodeOptions> options, ILogger<BarcodeReaderService> logger)
    : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        BarcodeOptions o = options.Value;
        string rate = o.MaxRate > 0 ? o.MaxRate.ToString(CultureInfo.InvariantCulture) + " attempts/s at most" : "every frame it keeps up with";
        LogStarted(string.Join(",", o.Formats), rate, o.When.ToString().ToLowerInvariant());
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        worker.Dispose();
        LogStopped(worker.Decoded, worker.Replaced, worker.Scans);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Barcode reader: {Formats}, {Rate}, scanning {When}")]
    private partial void LogStarted(string formats, string rate, string when);

    [LoggerMessage(Level = LogLevel.Information, Message = "Barcode reader stopped: {Decoded} frames decoded, {Replaced} replaced by newer ones, {Scans} scans")]
    private partial void LogStopped(long decoded, long replaced, long scans);
}
