using EdgeClassifier.Pipeline;
using System.Threading.Channels;
using EdgeClassifier.Decisions;
using Microsoft.Extensions.Logging;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// Turns each decision into a coalesced retained <c>state</c> and, when the label changed, an <c>events</c> message,
/// both through the outbox. For a watched label the snapshot file is written before the event that names it.
/// </summary>
public sealed class DecisionPublisher
{
    private readonly MqttOptions _options;
    private readonly MqttTopics _topics;
    private readonly MqttOutbox _outbox;
    private readonly OutboxSender _sender;
    private readonly SnapshotPublisher? _snapshots;
    private readonly IModelInfo? _model;
    private readonly ILogger _logger;
    private readonly HashSet<string> _watched;
    private Decision? _last;

    /// <summary>Creates the publisher; <paramref name="snapshots"/> is <c>null</c> when snapshots are off.</summary>
    public DecisionPublisher(MqttOptions options, MqttTopics topics, MqttOutbox outbox, OutboxSender sender,
        SnapshotPublisher? snapshots, IModelInfo? model, ILogger logger)
    {
        _options = options;
        _topics = topics;
        _outbox = outbox;
        _sender = sender;
        _snapshots = snapshots;
        _model = model;
        _logger = logger;
        _watched = new HashSet<string>(options.WatchedLabels, StringComparer.Ordinal);
    }

    /// <summary>Handles decisions until the channel completes or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(ChannelReader<Decision> decisions, CancellationToken cancellationToken)
    {
        await foreach (var decision in decisions.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                Publish(decision);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "MQTT could not queue decision for frame {Frame}", decision.Frame);
            }
        }
    }

    /// <summary>Queues state (and event, and snapshot) for one decision.</summary>
    public void Publish(Decision after)
    {
        string? model = _model?.ModelName;
        string? type = DecisionPayloads.EventType(_last, after);
        string? snapshotFile = null;
        string? snapshotError = null;
        if (type is "new" or "update" && after.Label is { } label && _watched.Contains(label) && _snapshots is not null)
        {
            try
            {
                snapshotFile = _snapshots.TakeAndQueue(label, after.Sequence)?.FileName;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
            {
                // A full disk must not cost the event itself: it goes out saying why it has no picture.
                snapshotError = $"the snapshot could not be written: {ex.Message}";
                _logger.LogError("MQTT snapshot for frame {Frame} failed: {Reason}; the event is sent without it", after.Sequence, ex.Message);
            }
        }

        if (type is not null)
        {
            var payload = DecisionPayloads.Event(type, _last, after, model, snapshotFile, snapshotError);
            _outbox.Enqueue(_topics.Events, MqttJson.Serialize(payload), _options.Qos, retain: false,
                "application/json");
        }

        _outbox.Enqueue(_topics.State, MqttJson.Serialize(DecisionPayloads.State(after, model)),
            _options.Qos, retain: true, "application/json", coalesceKey: "state");
        _last = after;
        _sender.Wake();
    }
}
