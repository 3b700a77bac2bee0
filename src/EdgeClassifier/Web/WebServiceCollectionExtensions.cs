using System.Net;
using EdgeClassifier.Barcodes;
using EdgeClassifier.Inference;
using EdgeClassifier.Outputs;
using EdgeClassifier.Outputs.Collection;
using EdgeClassifier.Outputs.Mqtt;
using EdgeClassifier.Outputs.Snapshots;
using EdgeClassifier.Pipeline;
using EdgeClassifier.Security;
using EdgeClassifier.Settings;
using EdgeClassifier.Web.Labelling;
using EdgeClassifier.Web.Live;
using EdgeClassifier.Web.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Web;

/// <summary>Registers the web server and what it serves.</summary>
public static class WebServiceCollectionExtensions
{
    /// <summary>
    /// Binds section <c>Web</c> (checked at start: a LAN address needs users) and, unless <c>Web:Enabled</c> is false,
    /// adds the live page, API, <c>/metrics</c> and health endpoints: the decision feed as a decision sink, the live
    /// stream, the metric instruments and the <see cref="WebServer"/>. Needs the pipeline's <see cref="PipelineStats"/>,
    /// <see cref="PipelineWorker"/>, <see cref="PipelineOptions"/> and <see cref="IPipelineControl"/>.
    /// </summary>
    public static IServiceCollection AddEdgeWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebOptions>().BindSection(configuration, WebOptions.SectionName, static (section, o) => section.Bind(o));
        services.AddSingleton<IValidateOptions<WebOptions>, WebOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<WebOptions>>().Value);
        services.AddSingleton<WebStatus>();
        services.AddEdgeUsers(configuration);
        if (string.Equals(configuration[$"{WebOptions.SectionName}:Enabled"], "false", StringComparison.OrdinalIgnoreCase))
        {
            return services;
        }

        // Home Assistant's "Visit" link opens the page, when another machine can reach it (a set value wins). Only the
        // addresses are read here: problems in the section are reported by its own check, not as MQTT problems.
        services.AddOptions<MqttOptions>().PostConfigure(mqtt =>
        {
            var web = new WebOptions();
            OptionsBinder.BindInto(configuration, WebOptions.SectionName, web, new List<string>(), static (section, o) => section.Bind(o));
            if (mqtt.ConfigurationUrl.Length == 0 && WebPageAddress.Reachable(web, Dns.GetHostName()) is { } page)
            {
                mqtt.ConfigurationUrl = page;
            }
        });

        // Kestrel logs every request at Information; the service's log is for the frame path and outputs.
        services.Configure<LoggerFilterOptions>(filters => filters.AddFilter("Microsoft.AspNetCore", LogLevel.Warning));
        services.TryAddSingleton<FrameCopyDemand>();
        services.TryAddSingleton<LatestFrameBuffer>();
        services.TryAddSingleton<ISnapshotFrameProvider>(sp => sp.GetRequiredService<LatestFrameBuffer>());
        services.AddSingleton<EventThumbnails>();
        services.AddSingleton<DecisionsByLabel>();
        services.AddSingleton(sp => new DecisionFeed(sp.GetRequiredService<EventThumbnails>(), sp.GetRequiredService<DecisionsByLabel>()));
        services.AddHostedService(sp => sp.GetRequiredService<DecisionFeed>());
        services.AddSingleton<IDecisionSink>(sp => sp.GetRequiredService<DecisionFeed>().Sink);
        services.AddSingleton<LiveStream>();
        services.AddSingleton(sp => new StageHistograms(sp.GetRequiredService<PipelineOptions>().BudgetMs));
        services.AddSingleton(sp => new PipelineInstruments(sp.GetRequiredService<PipelineStats>(), sp.GetService<MqttOutputService>()));
        services.AddSingleton(sp => Parts(sp));
        services.AddSingleton<WebServer>();
        services.AddHostedService(sp => sp.GetRequiredService<WebServer>());
        return services;
    }

    private static WebParts Parts(IServiceProvider sp)
    {
        var stats = sp.GetRequiredService<PipelineStats>();
        var mqtt = sp.GetService<MqttOutputService>();
        var control = sp.GetService<IPipelineControl>();
        var withoutMqtt = new PipelineCommands(control, () => CommandResult.Fail("snapshot: snapshot files are written by the MQTT output, which is off (Mqtt:Enabled=false)"));
        return new WebParts
        {
            Stats = stats,
            Progress = sp.GetRequiredService<IPipelineProgress>(),
            Feed = sp.GetRequiredService<DecisionFeed>(),
            Stream = sp.GetRequiredService<LiveStream>(),
            Thumbnails = sp.GetRequiredService<EventThumbnails>(),
            Frames = sp.GetRequiredService<ISnapshotFrameProvider>(),
            Info = new ServiceInfo(() => ActiveModel(sp), stats),
            StatsDocument = new StatsDocument(stats, mqtt, sp.GetService<FrameCollector>()),
            Commands = () => mqtt?.Commands ?? withoutMqtt,
            Users = sp.GetRequiredService<UserStore>(),
            Scans = sp.GetService<RecentScans>(),
            Collected = sp.GetService<FrameCollector>() is { } collector ? new CollectedFrames(collector.Store.Directory, () => ActiveModel(sp).Labels) : null,
            SnapshotDirectory = mqtt is null ? null : sp.GetRequiredService<IOptions<MqttOptions>>().Value.Snapshot.Directory,
        };
    }

    private static ModelContract ActiveModel(IServiceProvider sp) => sp.GetRequiredService<PipelineWorker>().Loop.Active.Classifier.Contract;
}
