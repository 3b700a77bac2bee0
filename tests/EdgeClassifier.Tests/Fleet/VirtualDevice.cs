using System.Globalization;
using EdgeClassifier.Outputs.Mqtt;
using EdgeClassifier.Pipeline;
using EdgeClassifier.Tests.Mqtt;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Tests.Fleet;

/// <summary>
/// One simulated device of a fleet: its own DI container built with the product's own registration
/// (<see cref="MqttServiceCollectionExtensions.AddEdgeMqtt"/>, as <c>edgeclassifier run</c> composes it), so it runs the
/// real <see cref="MqttOutputService"/> — connection, SQLite outbox in its own state directory, Home Assistant discovery,
/// command handling — against a real broker. Only the pipeline is replaced: decisions are synthetic and commands land
/// on a <see cref="RecordingPipelineControl"/>.
/// </summary>
public sealed class VirtualDevice : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IHostedService[] _hosted;
    private long _sequence;

    private VirtualDevice(string id, IReadOnlyList<string> groups, ServiceProvider services)
    {
        Id = id;
        Groups = groups;
        _services = services;
        Service = services.GetRequiredService<MqttOutputService>();
        _hosted = [.. services.GetServices<IHostedService>()];
    }

    public string Id { get; }

    public IReadOnlyList<string> Groups { get; }

    public MqttOutputService Service { get; }

    public RecordingPipelineControl Control => (RecordingPipelineControl)_services.GetRequiredService<IPipelineControl>();

    /// <summary>The sequence of the last decision handed to the output.</summary>
    public long Sequence => Interlocked.Read(ref _sequence);

    /// <summary>
    /// Builds and starts a device <paramref name="id"/> on 127.0.0.1:<paramref name="port"/> with its state (outbox) in
    /// <paramref name="stateDirectory"/>; <paramref name="settings"/> are further <c>Section:Key</c> values, as on the command line.
    /// </summary>
    public static async Task<VirtualDevice> StartAsync(string id, int port, string stateDirectory, IReadOnlyList<string> groups,
        ILoggerProvider logs, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["State:Directory"] = stateDirectory,
            ["Mqtt:Host"] = "127.0.0.1",
            ["Mqtt:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Mqtt:DeviceId"] = id,
        };
        for (int i = 0; i < groups.Count; i++)
        {
            values[$"Mqtt:Groups:{i}"] = groups[i];
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        var control = new RecordingPipelineControl();
        services.AddSingleton<IPipelineControl>(control);
        services.AddSingleton<IPipelineStatsSource>(control);
        services.AddSingleton<IModelInfo>(control);
        services.AddEdgeMqtt(configuration);
        var provider = services.BuildServiceProvider();
        // As at the service's start: the options are validated (and their defaults filled) before anything runs.
        _ = provider.GetRequiredService<IOptions<MqttOptions>>().Value;
        var device = new VirtualDevice(id, groups, provider);
        foreach (var hosted in device._hosted)
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return device;
    }

    /// <summary>Hands the output the next synthetic decision; alternating labels make every decision an event.</summary>
    public long Decide()
    {
        long sequence = Interlocked.Increment(ref _sequence);
        Service.Decisions.Publish(MqttServiceHarness.Decision(sequence % 2 == 0 ? "cat" : "dog", sequence));
        return sequence;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in _hosted.Reverse())
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
    }
}
