using EdgeClassifier.Pipeline;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using System.Net;
using EdgeClassifier.Decisions;
using EdgeClassifier.Outputs.Collection;
using EdgeClassifier.Outputs.Mqtt.Broker;
using EdgeClassifier.Outputs.Snapshots;
using EdgeClassifier.Security;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// The MQTT output as a hosted service. The pipeline publishes decisions to <see cref="Decisions"/> (and, for the
/// optional per-frame stream, classifications to <see cref="Classifications"/>): the queues are bounded and drop
/// their oldest item when full (counted in the stats), so the frame path never waits for the network. Everything else (connection,
/// outbox, commands, discovery, stats, snapshots, embedded broker) runs on this service's own tasks.
/// </summary>
public sealed class MqttOutputService : BackgroundService
{
    private readonly MqttOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ISnapshotFrameProvider _frames;
    private readonly IPipelineControl? _control;
    private readonly IPipelineStatsSource? _stats;
    private readonly FrameCollector? _collector;
    private readonly IModelInfo? _model;
    private readonly IModelRollout? _rollout;
    private readonly IHomeAssistantComponents[] _discoveryParts;
    private readonly UserStore _users;
    private readonly MqttTopics _topics;
    private readonly Channel<MqttApplicationMessage> _incoming;
    private readonly Channel<DeviceEvent> _deviceEvents;
    private long _droppedCommands;
    private MqttConnection? _connection;
    private MqttOutbox? _outbox;
    private OutboxSender? _sender;
    private MqttCommandHandler? _commands;
    private ClassificationStreamPublisher? _classificationPublisher;
    private MqttStats? _final;

    /// <summary>Creates the service; the optional pipeline parts may be missing (commands then reply with an error).</summary>
    public MqttOutputService(
        IOptions<MqttOptions> options,
        ILoggerFactory loggers,
        TimeProvider time,
        ISnapshotFrameProvider frames,
        IPipelineControl? control = null,
        IPipelineStatsSource? stats = null,
        IModelInfo? model = null,
        UserStore? users = null,
        IModelRollout? rollout = null,
        IEnumerable<IHomeAssistantComponents>? discoveryParts = null,
        FrameCollector? collector = null)
    {
        _collector = collector;
        _discoveryParts = discoveryParts?.ToArray() ?? [];
        _users = users ?? UserStore.Empty;
        _rollout = rollout;
        _options = options.Value;
        _loggers = loggers;
        _logger = loggers.CreateLogger<MqttOutputService>();
        _time = time;
        _frames = frames;
        _control = control;
        _stats = stats;
        _model = model;
        _topics = new MqttTopics(_options);
        Decisions = new DecisionQueue("mqtt", 1024);
        Classifications = new ClassificationStream(_options);
        // Refused (not dropped silently) when full: the part that posted logs which event it lost.
        _deviceEvents = Channel.CreateBounded<DeviceEvent>(
            new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
        _incoming = Channel.CreateBounded<MqttApplicationMessage>(
            new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _droppedCommands));
    }

    /// <summary>Decisions from the pipeline (on change); publishing never blocks, the oldest is dropped when full.</summary>
    public DecisionQueue Decisions { get; }

    /// <summary>The rate-limited per-frame <c>classification</c> stream (lets nothing through unless enabled).</summary>
    public ClassificationStream Classifications { get; }

    /// <summary>Events of other parts (barcode scans) for the outbox; <c>TryWrite</c> never blocks and refuses when full.</summary>
    public ChannelWriter<DeviceEvent> DeviceEvents => _deviceEvents.Writer;

    /// <summary>The topics in use.</summary>
    public MqttTopics Topics => _topics;

    /// <summary>
    /// True while connected to the broker with the session set up (subscribed, announced), for the health LED, the
    /// watchdog and the stats; a connection whose set-up is still running does not count yet.
    /// </summary>
    public bool IsConnected => _connection?.IsReady ?? false;

    /// <summary>Why the last connection attempt failed, or <c>null</c>.</summary>
    public string? LastConnectionError => _connection?.LastError;

    /// <summary>Decisions dropped because the decision channel was full.</summary>
    public long DroppedDecisions => Decisions.Dropped;

    /// <summary>
    /// The commands MQTT runs (their snapshot is published on <c>snapshot</c>), for the web controls to share;
    /// <c>null</c> while the output is not running.
    /// </summary>
    public PipelineCommands? Commands { get; private set; }

    /// <summary>Messages the broker acknowledged.</summary>
    public long Delivered => _sender?.Delivered ?? 0;

    /// <summary>Messages given up on: dropped from a full or expired outbox, or from a full decision queue.</summary>
    public long Failed => (_outbox?.Dropped ?? 0) + DroppedDecisions;

    /// <summary>Messages waiting in the outbox (-1 while its database cannot be read, or is already closed).</summary>
    public long OutboxPending
    {
        get
        {
            try
            {
                return _outbox?.Count ?? 0;
            }
            catch (Exception ex) when (ex is SqliteException or InvalidOperationException or ObjectDisposedException)
            {
                // The final stats are read after a failed start too, when the outbox may never have opened.
                return -1;
            }
        }
    }

    /// <summary>
    /// True while messages can flow: connected, and the outbox database works. The status LED and the health shown
    /// in the log use it, so a failing disk is visible as well as a missing broker.
    /// </summary>
    public bool IsDelivering => IsConnected && _sender?.StorageError is null;

    /// <summary>This side's counters: the <c>mqtt</c> block of the stats document (after a stop, the last ones).</summary>
    public MqttStats Counters() => _final ?? new(
        IsConnected,
        OutboxPending,
        _outbox?.Dropped ?? 0,
        _outbox?.DeadLettered ?? 0,
        _sender?.StorageError,
        _sender?.StorageErrors ?? 0,
        _sender?.Delivered ?? 0,
        DroppedDecisions,
        Classifications.Queue.Dropped,
        _classificationPublisher?.Skipped ?? 0,
        Interlocked.Read(ref _droppedCommands),
        _commands?.RateLimited ?? 0,
        _commands?.RefusedResponseTopics ?? 0,
        _commands?.RetainedIgnored ?? 0);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            _logger.LogInformation("MQTT output disabled (Mqtt:Enabled=false)");
            return;
        }

        if (_options.DeviceId == MqttOptionsDefaults.DefaultDeviceId && _options.DeviceId != MqttOptionsDefaults.HostName)
        {
            _logger.LogInformation("MQTT device id '{DeviceId}': the host name '{HostName}' made valid for topics and Home Assistant " +
                                   "(set Mqtt:DeviceId to choose another)", _options.DeviceId, MqttOptionsDefaults.HostName);
        }

        EmbeddedBroker? broker = null;
        string host = _options.Host;
        if (host.Length == 0)
        {
            host = EmbeddedBrokerEndpoints.DeviceHost(_options) ?? "127.0.0.1";
            try
            {
                broker = await EmbeddedBroker.StartAsync(_options, _topics, _users, _loggers.CreateLogger<EmbeddedBroker>()).ConfigureAwait(false);
            }
            catch (InvalidOperationException ex)
            {
                // The port is usually taken by a broker already running on this device: use it rather than stop.
                _logger.LogWarning("{Reason}; connecting to whatever listens there instead", ex.Message);
            }
        }

        try
        {
            await RunAsync(host, broker?.DeviceCredential, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            if (broker is not null)
            {
                await broker.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task RunAsync(string host, NetworkCredential? credential, CancellationToken stoppingToken)
    {
        var logger = _loggers.CreateLogger("EdgeClassifier.Mqtt");
        using var outbox = new MqttOutbox(_options.OutboxPath, _options.OutboxMaxMessages,
            TimeSpan.FromHours(_options.OutboxMaxAgeHours), _time, logger);
        await using var connection = new MqttConnection(_options, _topics, host, logger, credential);
        var sender = new OutboxSender(outbox, connection, logger);
        (_outbox, _connection, _sender) = (outbox, connection, sender);

        var snapshots = _options.Snapshot.Enabled
            ? new SnapshotPublisher(new SnapshotTaker(_frames, _options.Snapshot, _time), outbox, _topics)
            : null;
        var decisions = new DecisionPublisher(_options, _topics, outbox, sender, snapshots, _model, logger);
        var deviceEvents = new DeviceEventPublisher(_options, _topics, outbox, sender, logger);
        var classifications = new ClassificationStreamPublisher(connection, _topics, _model);
        _classificationPublisher = classifications;
        Commands = new PipelineCommands(_control, () => TakeSnapshot(snapshots, sender), _rollout, _collector);
        var commands = new MqttCommandHandler(_topics, connection, Commands, logger, _options, _time);
        _commands = commands;
        var stats = new StatsPublisher(_options, connection, _topics, _stats, Counters, _time, _collector is null ? null : _collector.Counters);
        var info = new InfoPublisher(_options, connection, _topics, _model, _rollout);
        var infoChanged = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        Action onRolloutChange = () => infoChanged.Writer.TryWrite(true);
        if (_rollout is not null)
        {
            _rollout.Changed += onRolloutChange;
        }

        var discovery = new JitteredTrigger(TimeSpan.FromSeconds(_options.DiscoveryJitterSeconds), PublishDiscoveryAsync, logger);

        connection.MessageReceived = message =>
        {
            _incoming.Writer.TryWrite(message);
            return Task.CompletedTask;
        };
        connection.OnConnected(ct => connection.SubscribeAsync(SubscriptionFilters(connection.ProtocolVersion), ct));
        connection.OnReady(sender.Wake);
        bool announced = false;
        connection.OnConnected(async ct =>
        {
            if (!announced)
            {
                announced = true;
                await PublishDiscoveryAsync(ct).ConfigureAwait(false);
                return;
            }

            // Discovery is retained: a broker that kept it needs nothing now; one that lost it gets it within the
            // jitter window, so a broker restart does not make the whole fleet publish in the same second.
            discovery.Fire(stoppingToken);
        });
        connection.OnConnected(async ct =>
        {
            await info.PublishAsync(ct).ConfigureAwait(false);
            await stats.PublishAsync(ct).ConfigureAwait(false);
        });

        var tasks = new List<Task>
        {
            Guard("connection", connection.RunAsync(stoppingToken)),
            Guard("outbox", sender.RunAsync(stoppingToken)),
            Guard("decisions", decisions.RunAsync(Decisions.Reader, stoppingToken)),
            Guard("device events", deviceEvents.RunAsync(_deviceEvents.Reader, stoppingToken)),
            Guard("commands", HandleIncomingAsync(commands, stoppingToken)),
            Guard("stats", stats.RunAsync(stoppingToken)),
            Guard("info", PublishInfoOnChangeAsync(stoppingToken)),
        };
        if (_options.ClassificationStream)
        {
            tasks.Add(Guard("classification", classifications.RunAsync(Classifications.Queue.Reader, stoppingToken)));
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        if (_rollout is not null)
        {
            _rollout.Changed -= onRolloutChange;
        }

        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        await connection.StopAsync(shutdown.Token).ConfigureAwait(false);
        _logger.LogInformation("MQTT output stopped; {Pending} message(s) wait in the outbox", outbox.Count);
        _final = Counters();
        (_outbox, _connection, _sender, Commands) = (null, null, null, null);

        async Task PublishDiscoveryAsync(CancellationToken ct)
        {
            if (!_options.Discovery)
            {
                return;
            }

            var payload = HomeAssistantDiscovery.Build(_options, _topics, _model?.ModelName, _discoveryParts);
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(_topics.DiscoveryConfig)
                .WithPayload(MqttJson.Serialize(payload))
                .WithRetainFlag(true)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            await connection.PublishAsync(message, ct).ConfigureAwait(false);
        }

        async Task PublishInfoOnChangeAsync(CancellationToken ct)
        {
            await foreach (bool _ in infoChanged.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                await info.PublishAsync(ct).ConfigureAwait(false);
            }
        }

        async Task HandleIncomingAsync(MqttCommandHandler handler, CancellationToken ct)
        {
            await foreach (var message in _incoming.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                if (message.Topic == _topics.HomeAssistantStatus)
                {
                    if (Encoding.UTF8.GetString(message.Payload) == MqttTopics.Online)
                    {
                        _logger.LogInformation("Home Assistant came online; re-sending discovery within {Jitter} s", _options.DiscoveryJitterSeconds);
                        discovery.Fire(ct);
                    }
                }
                else
                {
                    await handler.HandleAsync(message, ct).ConfigureAwait(false);
                }
            }
        }
    }

    private static CommandResult TakeSnapshot(SnapshotPublisher? snapshots, OutboxSender sender)
    {
        if (snapshots is null)
        {
            return CommandResult.Fail("snapshot: snapshots are disabled (Mqtt:Snapshot:Enabled)");
        }

        var snapshot = snapshots.TakeAndQueue("command", sequence: null);
        if (snapshot is null)
        {
            return CommandResult.Fail("snapshot: no frame has been captured yet");
        }

        sender.Wake();
        return CommandResult.Success(new JsonObject { ["snapshot"] = snapshot.FileName });
    }

    private IEnumerable<MqttTopicFilter> SubscriptionFilters(MqttProtocolVersion version)
    {
        foreach (string filter in _topics.CommandFilters)
        {
            var commands = new MqttTopicFilterBuilder().WithTopic(filter).WithAtLeastOnceQoS();
            if (version == MqttProtocolVersion.V500)
            {
                // Retain-as-published shows which commands are retained, live ones too: those never run. (Not no-local:
                // MQTTnet's broker then delivers nothing at all.)
                commands.WithRetainAsPublished(true);
            }

            yield return commands.Build();
        }

        if (_options.Discovery)
        {
            yield return new MqttTopicFilterBuilder().WithTopic(_topics.HomeAssistantStatus).WithAtLeastOnceQoS().Build();
        }
    }

    private async Task Guard(string name, Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Normal shutdown.
        }
        catch (Exception ex)
        {
            _logger.LogCritical(ex, "MQTT {Task} loop failed; MQTT output is degraded until restart", name);
        }
    }
}
