namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>A message waiting in the outbox, in the order it was queued.</summary>
/// <param name="Id">Outbox row id; increases with every message queued.</param>
/// <param name="Topic">Topic to publish on.</param>
/// <param name="Payload">Payload bytes.</param>
/// <param name="Qos">QoS level (1 or 2).</param>
/// <param name="Retain">Whether the broker keeps it as the topic's retained message.</param>
/// <param name="ContentType">MQTT 5 content type, or <c>null</c>.</param>
/// <param name="TimeLeft">How much longer it is worth delivering, by the outbox's own clock.</param>
public sealed record OutgoingMessage(
    long Id, string Topic, byte[] Payload, int Qos, bool Retain, string? ContentType, TimeSpan TimeLeft);
