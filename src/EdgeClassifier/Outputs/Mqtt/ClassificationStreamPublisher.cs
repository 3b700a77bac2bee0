using EdgeClassifier.Pipeline;
using System.Threading.Channels;
using EdgeClassifier.Decisions;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// The optional per-frame <c>classification</c> stream: QoS 0, not retained, not queued while offline, and at most
/// <see cref="MqttOptions.ClassificationMaxPerSecond"/> messages a second (frames in between are skipped).
/// </summary>
public sealed class ClassificationStreamPublisher
{
    private readonly MqttConnection _connection;
    private readonly MqttTopics _topics;
    private readonly IModelInfo? _model;
    private readonly TimeProvider _time;
    private readonly TimeSpan _minimumGap;
    private long _skipped;

    /// <summary>Creates the stream publisher.</summary>
    public ClassificationStreamPublisher(MqttOptions options, MqttConnection connection, MqttTopics topics, IModelInfo? model, TimeProvider time)
    {
        _connection = connection;
        _topics = topics;
        _model = model;
        _time = time;
        _minimumGap = TimeSpan.FromSeconds(1 / options.ClassificationMaxPerSecond);
    }

    /// <summary>Frames skipped by the rate limit or because the broker was away.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Publishes classifications until the channel completes or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(ChannelReader<Decision> classifications, CancellationToken cancellationToken)
    {
        var last = DateTimeOffset.MinValue;
        await foreach (var decision in classifications.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var now = _time.GetUtcNow();
            if (now - last < _minimumGap || !_connection.IsConnected)
            {
                Interlocked.Increment(ref _skipped);
                continue;
            }

            last = now;
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(_topics.Classification)
                .WithPayload(MqttJson.Serialize(DecisionPayloads.State(decision, _model?.ModelName)))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce)
                .Build();
            await _connection.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }
}
