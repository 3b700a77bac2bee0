using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>Queues the <see cref="DeviceEvent"/>s other parts post into the outbox, in the order they were posted.</summary>
public sealed class DeviceEventPublisher(MqttOptions options, MqttTopics topics, MqttOutbox outbox, OutboxSender sender, ILogger logger)
{
    /// <summary>Handles events until the channel completes or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(ChannelReader<DeviceEvent> events, CancellationToken cancellationToken)
    {
        await foreach (DeviceEvent item in events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                outbox.Enqueue($"{topics.Base}/{item.Subtopic}", item.Payload, options.Qos, retain: false, "application/json");
                sender.Wake();
            }
            catch (Microsoft.Data.Sqlite.SqliteException ex)
            {
                logger.LogError(ex, "MQTT could not queue a {Subtopic} event", item.Subtopic);
            }
        }
    }
}
