namespace EdgeClassifier.Barcodes;

/// <summary>Which frames <c>Barcode:When</c> lets the decoder see.</summary>
public enum BarcodeScanMode
{
    /// <summary>Every frame (up to <c>Barcode:MaxRate</c>).</summary>
    Always,

    /// <summary>Only while the current decision is one of <c>Barcode:Labels</c>.</summary>
    Label,

    /// <summary>Only for <c>Barcode:TriggerSeconds</c> after a GPIO trigger (button, PIR).</summary>
    Trigger,
}
