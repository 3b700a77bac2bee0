namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>The MQTT output's own counters: the <c>mqtt</c> block of the stats document.</summary>
/// <param name="Connected">Connected to the broker now.</param>
/// <param name="OutboxPending">Messages waiting in the outbox (-1 while its database cannot be read).</param>
/// <param name="OutboxDropped">Messages the outbox dropped (full or expired).</param>
/// <param name="OutboxDeadLettered">Messages the broker refused or could not take, moved to the dead-letter table.</param>
/// <param name="OutboxError">The outbox database's current error, or null.</param>
/// <param name="OutboxErrors">Outbox database errors since the start.</param>
/// <param name="Delivered">Messages the broker acknowledged.</param>
/// <param name="DecisionsDropped">Decisions dropped because the MQTT output fell behind (also <c>outputs.mqtt.dropped</c>).</param>
/// <param name="ClassificationsDropped">Per-frame classifications dropped before the stream publisher took them.</param>
/// <param name="ClassificationsSkipped">Classifications not streamed because the broker was away.</param>
/// <param name="CommandsDropped">Incoming commands dropped because too many were waiting.</param>
/// <param name="CommandsRateLimited">Commands refused by <c>Mqtt:CommandsPerMinute</c>.</param>
/// <param name="CommandsRefusedResponseTopic">Commands refused for a response topic outside the allowed space.</param>
/// <param name="RetainedCommandsIgnored">Retained commands that were not run.</param>
public sealed record MqttStats(
    bool Connected,
    long OutboxPending,
    long OutboxDropped,
    long OutboxDeadLettered,
    string? OutboxError,
    long OutboxErrors,
    long Delivered,
    long DecisionsDropped,
    long ClassificationsDropped,
    long ClassificationsSkipped,
    long CommandsDropped,
    long CommandsRateLimited,
    long CommandsRefusedResponseTopic,
    long RetainedCommandsIgnored);
