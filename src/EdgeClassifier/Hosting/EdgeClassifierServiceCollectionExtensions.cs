using EdgeClassifier.Barcodes;
using EdgeClassifier.Fleet;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Hosting.Systemd;
using EdgeClassifier.Outputs;
using EdgeClassifier.Outputs.Collection;
using EdgeClassifier.Outputs.Gpio;
using EdgeClassifier.Outputs.Mqtt;
using EdgeClassifier.Outputs.Snapshots;
using EdgeClassifier.Pipeline;
using EdgeClassifier.State;
using EdgeClassifier.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Hosting;

/// <summary>The composition root: every part of the service, registered in one place.</summary>
public static class EdgeClassifierServiceCollectionExtensions
{
    /// <summary>
    /// Registers the whole service from <paramref name="configuration"/>: every options section (validated at start,
    /// before anything below is created), the camera source and the models (created when the pipeline worker is first
    /// resolved), the pipeline, the outputs with the seams they implement, the model rollout and systemd.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The root configuration; <c>reload</c> re-reads it.</param>
    public static IServiceCollection AddEdgeClassifier(this IServiceCollection services, IConfigurationRoot configuration)
    {
        services.AddEdgeCoreOptions(configuration);
        services.AddEdgeState(configuration);
        AddSystemdLifetime(services);

        services.AddSingleton<CurrentOptions>();
        services.AddSingleton(sp => CreateSource(sp.GetRequiredService<IOptions<CameraOptions>>().Value));
        services.AddSingleton<IFrameSource>(sp => sp.GetRequiredService<ResilientFrameSource>());
        services.AddSingleton<AutoModelSelection>();
        services.AddSingleton<ServiceModelLoader>();
        services.AddSingleton(sp => new PipelineModelSource(sp.GetRequiredService<ServiceModelLoader>().Load));
        bool mqttEnabled = !string.Equals(configuration["Mqtt:Enabled"], "false", StringComparison.OrdinalIgnoreCase);
        services.AddSingleton(sp => CreateStats(sp, mqttEnabled));
        services.AddSingleton<IDecisionSink, LogDecisionSink>();

        if (configuration.GetSection(GpioOptions.SectionName).Exists())
        {
            // Registered before the pipeline so an unusable chip stops the start before the camera opens.
            services.AddEdgeGpio(configuration);
            services.AddSingleton<IDecisionSink>(sp => sp.GetRequiredService<GpioOutputService>().Decisions);
            services.AddSingleton<IFrameGate>(sp => sp.GetRequiredService<GpioOutputService>().Triggers);
            services.AddSingleton<Action<HealthState>>(sp => sp.GetRequiredService<GpioOutputService>().ReportHealth);
        }

        services.AddSingleton(sp => new PipelineControl(
            () => sp.GetRequiredService<PipelineWorker>().Loop,
            sp.GetRequiredService<PipelineStats>(),
            _ =>
            {
                configuration.Reload();
                return sp.GetRequiredService<PipelineModelSource>().Load();
            }));
        services.AddSingleton<IPipelineControl>(sp => sp.GetRequiredService<PipelineControl>());
        services.AddSingleton<IPipelineStatsSource>(sp => sp.GetRequiredService<PipelineControl>());
        services.AddSingleton<IModelInfo>(sp => sp.GetRequiredService<PipelineControl>());
        services.AddSingleton<IRolloutHost>(sp => new ServiceRolloutHost(
            sp.GetRequiredService<CurrentOptions>(),
            sp.GetRequiredService<ServiceModelLoader>(),
            () => sp.GetRequiredService<PipelineWorker>().Loop,
            sp.GetRequiredService<PipelineControl>().ReloadAsync));
        services.AddModelRollout(configuration);

        if (mqttEnabled)
        {
            services.AddEdgeMqtt(configuration);
            services.AddSingleton<IDecisionSink>(sp => sp.GetRequiredService<MqttOutputService>().Decisions);
            services.AddSingleton<IClassificationStream>(sp => sp.GetRequiredService<MqttOutputService>().Classifications);
        }

        services.AddEdgeWeb(configuration);
        bool webEnabled = !string.Equals(configuration["Web:Enabled"], "false", StringComparison.OrdinalIgnoreCase);
        bool snapshotsEnabled = mqttEnabled && !string.Equals(configuration["Mqtt:Snapshot:Enabled"], "false", StringComparison.OrdinalIgnoreCase);
        if (snapshotsEnabled || webEnabled)
        {
            // Frame copies for snapshots and the live view, at the snapshot width (the web's defaults without snapshots);
            // with neither, no frame is ever copied.
            services.TryAddSingleton<FrameCopyDemand>();
            services.TryAddSingleton<LatestFrameBuffer>();
            services.AddSingleton<IFrameTap>(sp => new SnapshotTap(
                sp.GetRequiredService<LatestFrameBuffer>(),
                snapshotsEnabled ? sp.GetRequiredService<IOptions<MqttOptions>>().Value.Snapshot : new SnapshotOptions(),
                sp.GetRequiredService<FrameCopyDemand>()));
        }

        services.AddEdgeBarcodes(configuration);
        services.AddEdgeCollection(configuration);
        services.AddSingleton<PipelineWorker>();
        services.AddSingleton<IPipelineProgress>(sp => sp.GetRequiredService<PipelineWorker>());
        services.AddHostedService(sp => sp.GetRequiredService<PipelineWorker>());
        services.AddHostedService<StatsReporter>();
        services.AddHostedService<HealthForwarder>();
        services.AddSystemdWatchdog(configuration, sp => TimeSpan.FromMilliseconds(sp.GetRequiredService<PipelineOptions>().BudgetMs));
        services.AddLogging(logging => logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning));
        return services;
    }

    private static void AddSystemdLifetime(IServiceCollection services)
    {
        services.AddSystemd();
        if (SystemdEnvironment.FromProcess().NotifySocket is not null)
        {
            // AddSystemd() only trusts a systemd parent process; NOTIFY_SOCKET alone is what Type=notify needs
            // (and what a supervisor other than PID 1, or a test, provides), so READY/STOPPING go wherever it points.
            services.AddSingleton<ISystemdNotifier>(sp => sp.GetRequiredService<Systemd.SystemdNotifier>());
            services.AddSingleton<IHostLifetime, SystemdLifetime>();
        }
    }

    private static ResilientFrameSource CreateSource(CameraOptions camera) =>
        FrameSourceFactory.Create(camera, message => Console.Error.WriteLine($"edgeclassifier: camera: {message}"));

    /// <summary>The stats read their camera, broker and trigger counters from the parts that keep them.</summary>
    private static PipelineStats CreateStats(IServiceProvider services, bool mqttEnabled)
    {
        var stats = new PipelineStats();
        ResilientFrameSource source = services.GetRequiredService<ResilientFrameSource>();
        stats.CameraCounters = () => (source.Reconnects, source.Stalls);
        if (mqttEnabled)
        {
            // Looked up when read: the MQTT output itself reads these stats, so it cannot be built before them.
            var mqtt = new Lazy<MqttOutputService>(services.GetRequiredService<MqttOutputService>);
            stats.BrokerConnected = () => mqtt.Value.IsDelivering;
        }

        if (services.GetService<GpioOutputService>() is { } gpio)
        {
            gpio.Triggers.Triggered += _ => stats.TriggerSeen();
        }

        return stats;
    }
}
