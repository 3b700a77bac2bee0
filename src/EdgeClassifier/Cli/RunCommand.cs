using System.CommandLine;
using EdgeClassifier.Hardware.Gpio;
using EdgeClassifier.Hosting;
using EdgeClassifier.Hosting.Systemd;
using EdgeClassifier.Outputs;
using EdgeClassifier.Outputs.Collection;
using EdgeClassifier.Outputs.Gpio;
using EdgeClassifier.Outputs.Mqtt;
using EdgeClassifier.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
        builder.Services.AddEdgeClassifier(builder.Configuration);
        DecisionFileWriter? decisionFile = decisionsOut is null ? null : new DecisionFileWriter(decisionsOut);
        if (decisionFile is not null)
        {
            builder.Services.AddSingleton<IDecisionSink>(decisionFile);
        }

        IHost host = builder.Build();
        ValidateOptions(host.Services);
        PipelineWorker worker = OpenCameraAndLoadModels(host.Services);
        if (duration is { } limit)
        {
            var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            lifetime.ApplicationStarted.Register(() => Task.Delay(limit, lifetime.ApplicationStopping)
                .ContinueWith(_ => lifetime.StopApplication(), TaskScheduler.Default));
        }

        var hostedServices = HostedServiceFailure.Of(host.Services);
        var inferenceWatchdog = host.Services.GetRequiredService<InferenceWatchdog>();
        string json;
        try
        {
            // Not Run(): it disposes the host, and the final stats still read the parts it holds.
            host.Start();
            host.WaitForShutdown();
            json = StatsJson.Serialize(
                host.Services.GetRequiredService<PipelineStats>().Snapshot(), host.Services.GetService<MqttOutputService>()?.Counters(), indented: true,
                collect: host.Services.GetService<FrameCollector>()?.Counters());
        }
        catch (Exception ex) when (ex is GpioUnavailableException or GpioConfigurationException)
        {
            throw new CliException(ex.Message, ex);
        }
        finally
        {
            // A frame thread that did not stop still uses the models and the camera's buffers: leave them to the exit.
            if (worker.FrameThreadEnded)
            {
                host.Dispose();
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

        if (statsOut is not null)
        {
            File.WriteAllText(statsOut, json);
        }

        Console.WriteLine(json);
        return ExitCodes.Success;
    }

    /// <summary>Checks every options section now, before anything is created: a bad value exits 2 with every problem listed.</summary>
    internal static void ValidateOptions(IServiceProvider services)
    {
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (OptionsValidationException ex)
        {
            throw new CliException("config: " + string.Join("; ", ex.Failures), ex);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            // Several sections are wrong: one line per problem, all of them at once.
            // Distinct: a section other parts read (State) can be reported through each of them.
            IEnumerable<string> failures = ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures).Distinct();
            throw new CliException(string.Join(Environment.NewLine + "edgeclassifier: ", failures.Select(f => "config: " + f)), ex);
        }
    }

    /// <summary>
    /// Opens the camera source and loads the models — after validation, and before the host starts, so that a model
    /// that cannot be used is a start-up error (exit 2) rather than a failing hosted service.
    /// </summary>
    private static PipelineWorker OpenCameraAndLoadModels(IServiceProvider services)
    {
        try
        {
            return services.GetRequiredService<PipelineWorker>();
        }
        catch (ArgumentException ex)
        {
            throw new CliException($"config: {ex.Message}", ex);
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
}
