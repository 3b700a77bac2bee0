using System.Diagnostics;
using EdgeClassifier.Outputs;
using EdgeClassifier.Outputs.Gpio;
using EdgeClassifier.Outputs.Mqtt;
using EdgeClassifier.Pipeline;
using EdgeClassifier.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Barcodes;

/// <summary>Registers the barcode reader.</summary>
public static class BarcodeServiceCollectionExtensions
{
    /// <summary>
    /// Binds section <c>Barcode</c> and validates it at start (always, so a wrong value stops the service even while
    /// scanning is off). With <c>Barcode:Enabled=true</c> also registers the reader: a frame tap feeding the decode
    /// worker, a decision sink telling it the current decision, and its outputs — the log, MQTT <c>…/barcode</c>
    /// through the outbox and Home Assistant discovery (when MQTT runs), GPIO rules with <c>When:Barcode</c> (with a
    /// <c>Gpio</c> section), the decisions file (when written) and the web page's list of recent scans.
    /// </summary>
    public static IServiceCollection AddEdgeBarcodes(this IServiceCollection services, IConfiguration configuration)
    {
        bool gpioTriggers = configuration.GetSection("Gpio:Triggers").Exists();
        services.AddOptions<BarcodeOptions>().BindSection(configuration, BarcodeOptions.Section, static (section, o) => section.Bind(o))
            .Validate(o => !o.Enabled || o.When != BarcodeScanMode.Trigger || gpioTriggers,
                "Barcode:When is trigger, but no Gpio:Triggers are configured to start a scan.");
        services.AddSingleton<IValidateOptions<BarcodeOptions>, BarcodeOptionsValidator>();
        if (!string.Equals(configuration[$"{BarcodeOptions.Section}:Enabled"], "true", StringComparison.OrdinalIgnoreCase))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<BarcodeDecisionTracker>();
        services.AddSingleton<RecentScans>();
        services.AddSingleton<IDecisionSink>(sp => sp.GetRequiredService<BarcodeDecisionTracker>());
        services.AddSingleton(CreateWorker);
        services.AddSingleton(CreateTap);
        services.AddSingleton<IFrameTap>(sp => sp.GetRequiredService<BarcodeFrameTap>());
        services.AddSingleton<IHomeAssistantComponents, BarcodeDiscovery>();
        services.AddHostedService<BarcodeReaderService>();
        return services;
    }

    private static BarcodeWorker CreateWorker(IServiceProvider services)
    {
        var decisions = services.GetRequiredService<BarcodeDecisionTracker>();
        return BarcodeWorker.Create(services.GetRequiredService<IOptions<BarcodeOptions>>().Value, () => decisions.Current, Sinks(services),
            services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<BarcodeWorker>>());
    }

    /// <summary>Where scans go: always the log and the recent list; MQTT, GPIO and the decisions file when the service runs them.</summary>
    private static List<IBarcodeSink> Sinks(IServiceProvider services)
    {
        var sinks = new List<IBarcodeSink> { ActivatorUtilities.CreateInstance<LogBarcodeSink>(services), services.GetRequiredService<RecentScans>() };
        if (services.GetService<MqttOutputService>() is { } mqtt)
        {
            sinks.Add(new MqttBarcodeSink(mqtt));
        }

        if (services.GetService<GpioOutputService>() is { } gpio)
        {
            sinks.Add(new GpioBarcodeSink(gpio));
        }

        if (services.GetServices<IDecisionSink>().OfType<DecisionFileWriter>().FirstOrDefault() is { } file)
        {
            sinks.Add(new DecisionFileBarcodeSink(file));
        }

        return sinks;
    }

    private static BarcodeFrameTap CreateTap(IServiceProvider services)
    {
        var tap = new BarcodeFrameTap(services.GetRequiredService<BarcodeWorker>(),
            services.GetRequiredService<IOptions<BarcodeOptions>>().Value, services.GetRequiredService<BarcodeDecisionTracker>());
        if (services.GetService<GpioOutputService>() is { } gpio)
        {
            gpio.Triggers.Triggered += _ => tap.OnTrigger(Stopwatch.GetTimestamp());
        }

        return tap;
    }
}
