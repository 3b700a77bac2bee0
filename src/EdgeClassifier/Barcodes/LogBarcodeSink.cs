using Microsoft.Extensions.Logging;

namespace EdgeClassifier.Barcodes;

/// <summary>Writes each scan to the log (and so to the journal), whatever else is configured.</summary>
public sealed partial class LogBarcodeSink(ILogger<LogBarcodeSink> logger) : IBarcodeSink
{
    /// <inheritdoc />
    public string Name => "log";

    /// <inheritdoc />
    public bool TryPublish(BarcodeScan scan)
    {
        LogScan(scan.Code.Format, scan.Code.Text, scan.Sequence, scan.Classification?.Label ?? "none");
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Barcode: {Format} {Text} at frame {Sequence} (decision {Label})")]
    private partial void LogScan(string format, string text, long sequence, string label);
}
