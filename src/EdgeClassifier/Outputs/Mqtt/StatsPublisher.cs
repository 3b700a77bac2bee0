using EdgeClassifier.Pipeline;
using System.Text.Json;
using System.Text.Json.Nodes;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// Publishes the pipeline's stats snapshot, plus an <c>mqtt</c> block with this side's own counters, retained on
/// <c>stats</c> every <see cref="MqttOptions.StatsIntervalSeconds"/> and right after each connect.
/// </summary>
public sealed class StatsPublisher
{
    private readonly MqttConnection _connection;
    private readonly MqttTopics _topics;
    private readonly IPipelineStatsSource? _pipeline;
    private readonly Func<JsonObject> _ownCounters;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;

    /// <summary>Creates the publisher; <paramref name="ownCounters"/> supplies the <c>mqtt</c> block.</summary>
    public StatsPublisher(MqttOptions options, MqttConnection connection, MqttTopics topics, IPipelineStatsSource? pipeline,
        Func<JsonObject> ownCounters, TimeProvider time)
    {
        _connection = connection;
        _topics = topics;
        _pipeline = pipeline;
        _ownCounters = ownCounters;
        _interval = TimeSpan.FromSeconds(options.StatsIntervalSeconds);
        _time = time;
    }

    /// <summary>Publishes on every tick until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_interval, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            await PublishAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Publishes one stats message now (dropped when offline: the next one replaces it anyway).</summary>
    public Task<PublishOutcome> PublishAsync(CancellationToken cancellationToken)
    {
        var snapshot = _pipeline?.GetSnapshot();
        var pipeline = snapshot is null ? null : JsonSerializer.SerializeToNode(snapshot, snapshot.GetType(), MqttJson.Options);
        var json = pipeline as JsonObject ?? new JsonObject { ["pipeline"] = pipeline };
        json["mqtt"] = _ownCounters();
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(_topics.Stats)
            .WithPayload(MqttJson.Serialize(json))
            .WithRetainFlag(true)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce)
            .WithContentType("application/json")
            .Build();
        return _connection.PublishAsync(message, cancellationToken);
    }
}
