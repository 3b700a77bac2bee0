namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// An event another part of the service publishes through the MQTT outbox (e.g. a barcode scan): it goes to
/// <c>&lt;TopicPrefix&gt;/&lt;DeviceId&gt;/<see cref="Subtopic"/></c> at <c>Mqtt:Qos</c>, not retained, and waits on
/// disk while the broker is away, like decision events.
/// </summary>
/// <param name="Subtopic">The topic level(s) under the device's base topic, e.g. <c>barcode</c>.</param>
/// <param name="Payload">The JSON payload.</param>
public sealed record DeviceEvent(string Subtopic, byte[] Payload);
