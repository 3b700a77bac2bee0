using EdgeClassifier.Outputs;

namespace EdgeClassifier.Barcodes;

/// <summary>Adds each scan to the <c>--decisions-out</c> file as a line <c>{"barcode": {…}}</c>, between the decisions.</summary>
public sealed class DecisionFileBarcodeSink(DecisionFileWriter file) : IBarcodeSink
{
    /// <inheritdoc />
    public string Name => "decisions-file";

    /// <inheritdoc />
    public bool TryPublish(BarcodeScan scan) => file.TryWriteLine(BarcodeJson.ScanLine(scan));
}
