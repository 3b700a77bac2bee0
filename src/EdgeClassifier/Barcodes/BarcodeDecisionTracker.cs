using EdgeClassifier.Decisions;
using EdgeClassifier.Outputs;

namespace EdgeClassifier.Barcodes;

/// <summary>
/// Follows the pipeline's decisions for the barcode reader: the decision a scan carries, and the label that
/// <c>Barcode:When=label</c> scans during. Called on the frame thread only when the decision changes.
/// </summary>
public sealed class BarcodeDecisionTracker : IDecisionSink
{
    private ScanClassification? _current;

    /// <inheritdoc />
    public string Name => "barcode";

    /// <summary>The decision now, as a scan carries it; null before the first one. Any thread.</summary>
    public ScanClassification? Current => Volatile.Read(ref _current);

    /// <inheritdoc />
    public long Dropped => 0;

    /// <inheritdoc />
    public void Publish(Decision decision) =>
        Volatile.Write(ref _current, new ScanClassification(decision.Label, decision.Score, decision.Ambiguous));
}
