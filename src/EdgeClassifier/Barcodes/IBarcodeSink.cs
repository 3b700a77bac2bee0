namespace EdgeClassifier.Barcodes;

/// <summary>
/// Something that takes scans from the decode worker: MQTT, the decisions file, the log, GPIO. <see cref="TryPublish"/>
/// must return at once (queue the scan, do the work elsewhere) so one slow output cannot hold up the next scan.
/// </summary>
public interface IBarcodeSink
{
    /// <summary>A short name for logs.</summary>
    string Name { get; }

    /// <summary>Queues a scan; false when the queue was full and it was dropped.</summary>
    bool TryPublish(BarcodeScan scan);
}
