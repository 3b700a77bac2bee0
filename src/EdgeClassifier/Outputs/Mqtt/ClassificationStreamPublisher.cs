using EdgeClassifier.Pipeline;
using System.Threading.Channels;
using EdgeClassifier.Decisions;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// Publishes the per-frame <c>classification</c> stream that <see cref="ClassificationStream"/> rate-limits: QoS 0,
/// not retained, not queued while offline (a classification that finds the broker away is skipped and counted).
/// </summary>
public sealed class ClassificationStreamPublisher(MqttConnection connection, MqttTopics topics, IModelInfo? model)
{
    private long _skipped;

    /// <summary>Classifications skipped because the broker was away.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Publishes classifications until the channel completes or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(ChannelReader<Decision> classifications, CancellationToken cancellationToken)
    {
        await foreach (var classification in classifications.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!connection.IsConnected)
            {
                Interlocked.Increment(ref _skipped);
                continue;
            }

            var message = new MqttApplicationMessageBuilder()
                .WithTopic(topics.Classification)
                .WithPayload(MqttJson.Serialize(DecisionPayloads.State(classification, model?.ModelName)))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce)
                .Build();
            await connection.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }
}
