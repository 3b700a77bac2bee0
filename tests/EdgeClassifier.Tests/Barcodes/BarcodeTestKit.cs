using EdgeClassifier.Barcodes;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeClassifier.Tests.Barcodes;

/// <summary>Keeps every scan it is given.</summary>
internal sealed class CollectingBarcodeSink : IBarcodeSink
{
    private readonly List<BarcodeScan> _scans = [];

    public string Name => "test";

    public IReadOnlyList<BarcodeScan> Scans
    {
        get
        {
            lock (_scans)
            {
                return _scans.ToArray();
            }
        }
    }

    public bool TryPublish(BarcodeScan scan)
    {
        lock (_scans)
        {
            _scans.Add(scan);
        }

        return true;
    }
}

internal static class BarcodeTestKit
{
    /// <summary>A worker with the service's defaults (default formats, TryHarder) unless told otherwise.</summary>
    public static BarcodeWorker Worker(IBarcodeSink sink, BarcodeOptions? options = null, Func<ScanClassification?>? classification = null, TimeProvider? time = null) =>
        BarcodeWorker.Create(options ?? new BarcodeOptions { Enabled = true }, classification ?? (() => null), [sink], time ?? TimeProvider.System, NullLogger.Instance);
}
