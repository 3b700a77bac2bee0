namespace EdgeClassifier.Barcodes;

/// <summary>
/// The last scans, newest first, for the web page's list. Keeping them is a copy of a reference under a lock, so as
/// a sink it never holds up the decode worker.
/// </summary>
public sealed class RecentScans : IBarcodeSink
{
    /// <summary>How many scans the list holds; older ones fall off.</summary>
    public const int Capacity = 20;

    private readonly Lock _gate = new();
    private readonly LinkedList<BarcodeScan> _scans = new();

    /// <inheritdoc />
    public string Name => "web";

    /// <summary>The held scans, newest first.</summary>
    public IReadOnlyList<BarcodeScan> Snapshot()
    {
        lock (_gate)
        {
            return [.. _scans];
        }
    }

    /// <inheritdoc />
    public bool TryPublish(BarcodeScan scan)
    {
        lock (_gate)
        {
            _scans.AddFirst(scan);
            if (_scans.Count > Capacity)
            {
                _scans.RemoveLast();
            }
        }

        return true;
    }
}
