using EdgeClassifier.Decisions;
using EdgeClassifier.Outputs.Mqtt;
using EdgeClassifier.Outputs.Snapshots;
using EdgeClassifier.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Tests.Mqtt;

/// <summary>Runs the real <see cref="MqttOutputService"/> in the test process with fast reconnects and captured logs.</summary>
public sealed class MqttServiceHarness : IAsyncDisposable
{
    private readonly ILoggerFactory _loggers;
    private bool _stopped;

    private MqttServiceHarness(MqttOptions options, UserStore? users, IModelRollout? rollout)
    {
        Options = options;
        _loggers = LoggerFactory.Create(builder => builder.AddProvider(Logs).SetMinimumLevel(LogLevel.Information));
        Service = new MqttOutputService(Microsoft.Extensions.Options.Options.Create(options), _loggers, TimeProvider.System,
            Frames, Control, Control, Control, users, rollout);
    }

    public MqttOptions Options { get; }

    public MqttOutputService Service { get; }

    public LatestFrameBuffer Frames { get; } = new();

    public RecordingPipelineControl Control { get; } = new();

    public ListLoggerProvider Logs { get; } = new();

    /// <summary>Options for a device on 127.0.0.1:<paramref name="port"/> with its state in <paramref name="directory"/>.</summary>
    public static MqttOptions OptionsFor(int port, TempDirectory directory, string deviceId = "cam1") => new()
    {
        Host = "127.0.0.1",
        Port = port,
        DeviceId = deviceId,
        ClientId = $"edgeclassifier-{deviceId}",
        OutboxPath = directory.File("outbox.db"),
        ReconnectMinSeconds = 0.1,
        ReconnectMaxSeconds = 0.4,
        DiscoveryJitterSeconds = 0.2,
        WatchedLabels = ["cat"],
        Snapshot = new SnapshotOptions { Directory = directory.File("snapshots"), Width = 64, Quality = 80 },
    };

    public static async Task<MqttServiceHarness> StartAsync(MqttOptions options, UserStore? users = null, IModelRollout? rollout = null)
    {
        var errors = MqttOptionsValidator.Check(options).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var harness = new MqttServiceHarness(options, users, rollout);
        await harness.Service.StartAsync(CancellationToken.None);
        return harness;
    }

    /// <summary>Waits until the service is connected and its outbox is empty.</summary>
    public async Task WaitIdleAsync(double seconds = 5)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (!Service.IsConnected || Service.OutboxPending > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Service not idle: connected={Service.IsConnected} pending={Service.OutboxPending} " +
                                           $"error={Service.LastConnectionError}\n{string.Join("\n", Logs.Lines)}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing with the service log.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what, double seconds = 5)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.\n{string.Join("\n", Logs.Lines)}");
            await Task.Delay(20);
        }
    }

    /// <summary>A decision as the pipeline would emit it.</summary>
    public static Decision Decision(string? label, long sequence, float score = 0.9f) => new(
        label,
        label is null ? -1 : 7,
        label is null ? 0 : score,
        Ambiguous: false,
        label is null ? [] : [new Category(7, label, score), new Category(3, "other", 1 - score)],
        DateTimeOffset.UtcNow,
        sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
        sequence);

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await Service.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Service.Dispose();
        _loggers.Dispose();
    }
}
