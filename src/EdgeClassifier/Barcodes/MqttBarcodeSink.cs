using EdgeClassifier.Outputs.Mqtt;

namespace EdgeClassifier.Barcodes;

/// <summary>
/// Publishes each scan on <c>&lt;TopicPrefix&gt;/&lt;DeviceId&gt;/barcode</c> through the MQTT outbox, so a scan made
/// while the broker is away is delivered when it is back.
/// </summary>
public sealed class MqttBarcodeSink(MqttOutputService mqtt) : IBarcodeSink
{
    /// <summary>The topic level under the device's base topic.</summary>
    public const string Subtopic = "barcode";

    /// <inheritdoc />
    public string Name => "mqtt";

    /// <inheritdoc />
    public bool TryPublish(BarcodeScan scan) => mqtt.DeviceEvents.TryWrite(new DeviceEvent(Subtopic, BarcodeJson.ScanBytes(scan)));
}
