using System.CommandLine;
using EdgeClassifier.Barcodes;
using EdgeClassifier.Fleet;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Hosting;
using EdgeClassifier.Hosting.Systemd;
using EdgeClassifier.Inference;
using EdgeClassifier.Hardware.Gpio;
using EdgeClassifier.Outputs;
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

namespace EdgeClassifier.Cli;

/// <summary>
/// <c>edgeclassifier run</c>: the service. Configuration comes from appsettings.json next to the program,
/// /etc/edgeclassifier/config.json, <c>--config FILE</c>, <c>EDGECLASSIFIER__Section__Key</c> variables and
/// <c>--Section:Key=value</c> arguments, later ones winning.
/// </summary>
public static class RunCommand
{
    public const string SystemConfigFile = "/etc/edgeclassifier/config.json";

    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "A JSON configuration file" };
        var duration = new Option<string?>("--duration") { Description = "Stop after this long (e.g. 20s, 5m); default: run until stopped" };
        var statsOut = new Option<string?>("--stats-out") { Description = "Write the final stats snapshot to this JSON file" };
        var decisionsOut = new Option<string?>("--decisions-out") { Description = "Write each decision as a JSON line to this file" };
        var command = new Command("run", "Run the service: capture, classify, decide, publish. Any --Section:Key=value overrides a setting.")
        {
            config, duration, statsOut, decisionsOut,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse => Run(
            parse.GetValue(config),
            DurationParser.ParseOption(parse.GetValue(duration), "--duration"),
            parse.GetValue(statsOut),
            parse.GetValue(decisionsOut),
            parse.UnmatchedTokens.ToArray()));
        return command;
    }

    private static int Run(string? configFile, TimeSpan? duration, string? statsOut, string? decisionsOut, string[] overrides)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        AddConfiguration(builder.Configuration, configFile, overrides);

        var errors = new List<string>();
        ServiceSettings settings = ServiceSettings.Load(builder.Configuration, errors);
        if (errors.Count > 0)
        {
            foreach (string error in errors)
            {
                Console.Error.WriteLine($"edgeclassifier: config: {error}");
            }

            return ExitCodes.BadInput;
        }

        var rollouts = new RolloutStore(Path.Combine(StateDirectory(builder.Configuration), "models"));
        string configuredModel = settings.Model.Path!;
        PipelineModels models = LoadModels(settings, rollouts);
        ResilientFrameSource source = CreateSource(settings.Camera);
        DecisionFileWriter? decisionFile = decisionsOut is null ? null : new DecisionFileWriter(decisionsOut);
        ConfigureServices(builder, settings, configuredModel, rollouts, models, source, decisionFile);

        using IHost host = builder.Build();
        ValidateOptions(host.Services);
        var stats = host.Services.GetRequiredService<PipelineStats>();
        var worker = host.Services.GetRequiredService<PipelineWorker>();
        stats.CameraCounters = () => (source.Reconnects, source.Stalls);
        MqttOutputService? mqtt = settings.MqttEnabled ? host.Services.GetService<MqttOutputService>() : null;
        if (mqtt is not null)
        {
            stats.BrokerConnected = () => mqtt.IsDelivering;
        }

        if (duration is { } limit)
        {
            var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            lifetime.ApplicationStarted.Register(() => Task.Delay(limit, lifetime.ApplicationStopping)
                .ContinueWith(_ => lifetime.StopApplication(), TaskScheduler.Default));
        }

        if (host.Services.GetService<GpioOutputService>() is { } gpio)
        {
            gpio.Triggers.Triggered += _ => stats.TriggerSeen();
        }

        var hostedServices = HostedServiceFailure.Of(host.Services);
        var inferenceWatchdog = host.Services.GetRequiredService<InferenceWatchdog>();
        try
        {
            host.Run();
        }
        catch (Exception ex) when (ex is GpioUnavailableException or GpioConfigurationException)
        {
            throw new CliException(ex.Message, ex);
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            throw new CliException("config: " + string.Join("; ", ex.Failures), ex);
        }
        finally
        {
            // A frame thread that did not stop still uses the models and the camera's buffers: leave them to the exit.
            if (worker.FrameThreadEnded)
            {
                worker.Loop.Models.Dispose();
                source.Dispose();
            }
        }

        decisionFile?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (inferenceWatchdog.StopReason is { } stuck)
        {
            Console.Error.WriteLine($"edgeclassifier: {stuck}");
            return ExitCodes.Failure;
        }

        if (HostedServiceFailure.Find(hostedServices) is var (part, cause))
        {
            // One line for the journal; the full exception was logged by the host when it stopped.
            Console.Error.WriteLine($"edgeclassifier: {part} failed: {cause.GetType().Name}: {cause.Message.ReplaceLineEndings(" ")}");
            return ExitCodes.Failure;
        }

        if (!worker.FrameThreadEnded)
        {
            Console.Error.WriteLine("edgeclassifier: the frame thread did not stop within the shutdown timeout");
            return ExitCodes.Failure;
        }

        string json = StatsJson.Serialize(stats.Snapshot(), mqtt?.Counters(), indented: true);
        if (statsOut is not null)
        {
            File.WriteAllText(statsOut, json);
        }

        Console.WriteLine(json);
        return ExitCodes.Success;
    }

    /// <summary>Checks every options section registered with ValidateOnStart now, before anything resolves them.</summary>
    private static void ValidateOptions(IServiceProvider services)
    {
        try
        {
            services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            throw new CliException("config: " + string.Join("; ", ex.Failures), ex);
        }
    }

    /// <summary>The configuration sources of <c>run</c> (also used by the fleet tools, configured the same way).</summary>
    internal static void AddConfiguration(ConfigurationManager configuration, string? configFile, string[] overrides)
    {
        configuration.AddJsonFile(SystemConfigFile, optional: true);
        if (configFile is not null)
        {
            if (!File.Exists(configFile))
            {
                throw new CliException($"{configFile}: configuration file not found.");
            }

            try
            {
                configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false);
            }
            catch (InvalidDataException ex)
            {
                throw new CliException($"{configFile}: not valid JSON ({ex.InnerException?.Message ?? ex.Message}).", ex);
            }
        }

        configuration.AddEnvironmentVariables("EDGECLASSIFIER__");
        string? stray = overrides.FirstOrDefault(o => !o.StartsWith("--", StringComparison.Ordinal) || !o.Contains('=') || !o.Contains(':'));
        if (stray is not null)
        {
            throw new CliException($"unexpected argument '{stray}'; settings are given as --Section:Key=value.");
        }

        configuration.AddCommandLine(overrides);
    }

    /// <summary>
    /// For the <c>reload</c> command and accepted rollouts: re-reads the configuration files and loads the models they
    /// name — or the rolled-out model while it is still accepted over the configured one.
    /// </summary>
    private static PipelineModels ReloadModels(IConfigurationRoot configuration, RolloutStore rollouts, ServiceRolloutHost rolloutHost)
    {
        configuration.Reload();
        var errors = new List<string>();
        ServiceSettings settings = ServiceSettings.Load(configuration, errors);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", errors));
        }

        try
        {
            rolloutHost.Configured(settings, settings.Model.Path!);
            return LoadModels(settings, rollouts);
        }
        catch (CliException ex)
        {
            throw new InvalidOperationException(ex.Message, ex);
        }
    }

    private static PipelineModels LoadModels(ServiceSettings settings, RolloutStore rollouts)
    {
        string configured = settings.Model.Path!;
        InstalledModel? rolledOut = rollouts.Resolve(configured, out string? note);
        if (note is not null)
        {
            Console.Error.WriteLine($"edgeclassifier: model: {note}");
        }

        if (rolledOut is not null)
        {
            // An accepted rollout wins over Model:Path until a rollback, or until Model:Path itself changes.
            Console.Error.WriteLine($"edgeclassifier: model: running rolled-out model {rolledOut.Version} ({rolledOut.Path}) instead of Model:Path {configured}");
            settings.Model.Path = rolledOut.Path;
            settings.Model.Labels = rolledOut.Labels;
        }

        ImageClassifier main = ClassifyCommand.LoadClassifier(settings.Model, settings.Runtime);
        ImageClassifier? fallback = settings.Model.FallbackPath is { Length: > 0 } path
            ? ClassifyCommand.LoadClassifier(ModelOptionsFor(settings.Model, path), settings.Runtime)
            : null;
        try
        {
            return new PipelineModels(
                new ClassifierSet(main, settings.Classification, settings.Decision),
                fallback is null ? null : new ClassifierSet(fallback, settings.Classification, settings.Decision));
        }
        catch (ArgumentException ex)
        {
            main.Dispose();
            fallback?.Dispose();
            throw new CliException($"config: {ex.Message}", ex);
        }
    }

    /// <summary>The fallback uses the main model's geometry but its own labels and normalisation.</summary>
    private static ModelOptions ModelOptionsFor(ModelOptions main, string path) => new()
    {
        Path = path,
        Resize = main.Resize,
        Rotation = main.Rotation,
        FlipHorizontal = main.FlipHorizontal,
        FlipVertical = main.FlipVertical,
        RegionOfInterest = main.RegionOfInterest,
    };

    private static ResilientFrameSource CreateSource(CameraOptions camera)
    {
        try
        {
            return FrameSourceFactory.Create(camera, message => Console.Error.WriteLine($"edgeclassifier: camera: {message}"));
        }
        catch (ArgumentException ex)
        {
            throw new CliException($"config: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// <c>State:Directory</c> as the options pipeline will resolve it, needed before the host is built because the
    /// rolled-out model is chosen before any model loads.
    /// </summary>
    private static string StateDirectory(IConfiguration configuration)
    {
        var state = new StateOptions();
        configuration.GetSection(StateOptions.SectionName).Bind(state);
        new StateDirectoryResolver().PostConfigure(null, state);
        ValidateOptionsResult result = new StateOptionsValidator().Validate(null, state);
        return result.Failed ? throw new CliException($"config: {result.FailureMessage}") : state.Directory;
    }

    private static void ConfigureServices(HostApplicationBuilder builder, ServiceSettings settings, string configuredModel, RolloutStore rollouts,
        PipelineModels models, ResilientFrameSource source, DecisionFileWriter? decisionFile)
    {
        IServiceCollection services = builder.Services;
        services.AddSystemd();
        if (SystemdEnvironment.FromProcess().NotifySocket is not null)
        {
            // AddSystemd() only trusts a systemd parent process; NOTIFY_SOCKET alone is what Type=notify needs
            // (and what a supervisor other than PID 1, or a test, provides), so READY/STOPPING go wherever it points.
            services.AddSingleton<ISystemdNotifier>(sp => sp.GetRequiredService<EdgeClassifier.Hosting.Systemd.SystemdNotifier>());
            services.AddSingleton<IHostLifetime, SystemdLifetime>();
        }

        services.AddEdgeState(builder.Configuration);
        services.AddSingleton(settings.Pipeline);
        services.AddSingleton<PipelineStats>();
        services.AddSingleton<IFrameSource>(source);
        services.AddSingleton(models);
        services.AddSingleton<IDecisionSink, LogDecisionSink>();
        if (decisionFile is not null)
        {
            services.AddSingleton<IDecisionSink>(decisionFile);
        }

        if (settings.Gpio is not null)
        {
            // Registered before the pipeline so an unusable chip stops the start before the camera opens.
            services.AddEdgeGpio(builder.Configuration);
            services.AddSingleton<IDecisionSink>(sp => sp.GetRequiredService<GpioOutputService>().Decisions);
            services.AddSingleton<IFrameGate>(sp => sp.GetRequiredService<GpioOutputService>().Triggers);
            services.AddSingleton<Action<HealthState>>(sp => sp.GetRequiredService<GpioOutputService>().ReportHealth);
        }

        if (settings.MqttEnabled)
        {
            services.AddEdgeMqtt(builder.Configuration);
            services.AddSingleton<IDecisionSink>(sp => sp.GetRequiredService<MqttOutputService>().Decisions);
            services.AddSingleton<IClassificationStream>(sp => sp.GetRequiredService<MqttOutputService>().Classifications);
        }

        services.AddSingleton(sp => new PipelineControl(() => sp.GetRequiredService<PipelineWorker>().Loop, sp.GetRequiredService<PipelineStats>(),
            _ => ReloadModels(builder.Configuration, rollouts, sp.GetRequiredService<ServiceRolloutHost>())));
        services.AddSingleton(sp => new ServiceRolloutHost(builder.Configuration, () => sp.GetRequiredService<PipelineWorker>().Loop,
            sp.GetRequiredService<PipelineControl>().ReloadAsync, settings, configuredModel));
        services.AddModelRollout(settings.Rollout, rollouts, sp => sp.GetRequiredService<ServiceRolloutHost>());
        services.AddSingleton<IPipelineControl>(sp => sp.GetRequiredService<PipelineControl>());
        services.AddSingleton<IPipelineStatsSource>(sp => sp.GetRequiredService<PipelineControl>());
        services.AddSingleton<IModelInfo>(sp => sp.GetRequiredService<PipelineControl>());
        services.AddEdgeWeb(builder.Configuration, settings.Web, settings.Pipeline.BudgetMs);
        if (settings.MqttEnabled || settings.Web.Enabled)
        {
            // Frame copies for snapshots and the live view, at the snapshot width (the web's defaults when MQTT is off).
            services.TryAddSingleton<FrameCopyDemand>();
            services.TryAddSingleton<LatestFrameBuffer>();
            services.AddSingleton<IFrameTap>(sp => new SnapshotTap(
                sp.GetRequiredService<LatestFrameBuffer>(),
                settings.MqttEnabled ? sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<MqttOptions>>().Value.Snapshot : new SnapshotOptions(),
                sp.GetRequiredService<FrameCopyDemand>()));
        }

        services.AddEdgeBarcodes(builder.Configuration);
        services.AddSingleton<PipelineWorker>();
        services.AddSingleton<IPipelineProgress>(sp => sp.GetRequiredService<PipelineWorker>());
        services.AddHostedService(sp => sp.GetRequiredService<PipelineWorker>());
        services.AddHostedService<StatsReporter>();
        services.AddHostedService<HealthForwarder>();
        services.AddSystemdWatchdog(builder.Configuration, _ => TimeSpan.FromMilliseconds(settings.Pipeline.BudgetMs));
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
    }
}
