using EdgeClassifier.Outputs.Collection;
using EdgeClassifier.Pipeline;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// Publishes the stats document (<see cref="StatsJson"/>: the pipeline's snapshot plus the <c>mqtt</c> block with this
/// side's own counters), retained on <c>stats</c> every <see cref="MqttOptions.StatsIntervalSeconds"/> and right after
/// each connect. Without a pipeline (tests of the output alone) only the <c>mqtt</c> block's counters are sent.
/// </summary>
public sealed class StatsPublisher
{
    private readonly MqttConnection _connection;
    private readonly MqttTopics _topics;
    private readonly IPipelineStatsSource? _pipeline;
    private readonly Func<MqttStats> _ownCounters;
    private readonly Func<CollectStats?>? _collect;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;

    /// <summary>
    /// Creates the publisher; <paramref name="ownCounters"/> supplies the <c>mqtt</c> block, <paramref name="collect"/>
    /// the <c>collect</c> block (given only while collection is on).
    /// </summary>
    public StatsPublisher(MqttOptions options, MqttConnection connection, MqttTopics topics, IPipelineStatsSource? pipeline,
        Func<MqttStats> ownCounters, TimeProvider time, Func<CollectStats?>? collect = null)
    {
        _collect = collect;
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
            try
            {
                await PublishAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // One unreadable counter (a database error in the outbox) skips this tick, not every later one.
                Failures++;
                LastFailure = ex.Message;
            }
        }
    }

    /// <summary>Ticks whose stats could not be read or published.</summary>
    public long Failures { get; private set; }

    /// <summary>Why the last failed tick failed.</summary>
    public string? LastFailure { get; private set; }

    /// <summary>Publishes one stats message now (dropped when offline: the next one replaces it anyway).</summary>
    public Task<PublishOutcome> PublishAsync(CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(_topics.Stats)
            .WithPayload(Payload())
            .WithRetainFlag(true)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce)
            .WithContentType("application/json")
            .Build();
        return _connection.PublishAsync(message, cancellationToken);
    }

    private byte[] Payload() => StatsJson.SerializeToUtf8Bytes(_pipeline?.GetSnapshot(), _ownCounters(), collect: _collect?.Invoke());
}
