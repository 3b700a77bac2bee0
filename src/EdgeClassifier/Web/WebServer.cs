using System.Security.Cryptography.X509Certificates;
using EdgeClassifier.Web.Access;
using EdgeClassifier.Web.Endpoints;
using EdgeClassifier.Web.Health;
using EdgeClassifier.Web.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace EdgeClassifier.Web;

/// <summary>
/// Runs the web server (Kestrel, in this process) as one hosted service of the main host. Its endpoints get the
/// main host's objects through <see cref="WebParts"/>; if an address cannot be bound (port taken), the service logs a
/// warning and carries on without the page: the frame path never depends on it.
/// </summary>
public sealed partial class WebServer(
    WebOptions options,
    WebParts parts,
    WebStatus status,
    PipelineInstruments instruments,
    StageHistograms stageHistograms,
    ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<WebServer>();
    private WebApplication? _app;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            status.Unavailable("disabled");
            return;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            // The host is already stopping (a part started before this one failed): serving nothing lets the host
            // report that part's failure instead of this cancellation.
            status.Unavailable("stopped");
            return;
        }

        // The frame thread records stage times into the histograms; the observable instruments (created with this
        // server) read the counters when Prometheus scrapes.
        parts.Stats.Recorder ??= stageHistograms;
        GC.KeepAlive(instruments);
        WebApplication built = Build();
        try
        {
            await built.StartAsync(cancellationToken).ConfigureAwait(false);
            _app = built;
            status.Started(built.Urls);
            LogListening(string.Join(", ", built.Urls));
        }
        catch (IOException ex)
        {
            await built.DisposeAsync().ConfigureAwait(false);
            status.Unavailable(ex.Message);
            LogUnavailable(ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Another part failed while Kestrel was starting; the host stops and reports that part, not this.
            await built.DisposeAsync().ConfigureAwait(false);
            status.Unavailable("stopped");
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
            status.Unavailable("stopped");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }
    }

    private WebApplication Build()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, WebTextJson.Default));
        builder.WebHost.UseUrls([.. options.Urls, .. options.MetricsUrls]);
        if (options.CertificateFile.Length > 0)
        {
            var certificate = X509Certificate2.CreateFromPemFile(options.CertificateFile, options.KeyFile);
            // Certificates from a public CA come with intermediates after the server's own in the same file; browsers
            // that trust only the root need them sent along.
            var chain = new X509Certificate2Collection();
            chain.ImportFromPemFile(options.CertificateFile);
            // The slim builder leaves HTTPS out unless asked for.
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
            {
                https.ServerCertificate = certificate;
                https.ServerCertificateChain = [.. chain.Skip(1)];
            }));
        }

        parts.Register(builder.Services);
        // Made by the web server's container, which disposes it (and its sampling timer) with the server.
        builder.Services.AddSingleton(_ => new FrameLoopLiveness(parts.Progress, TimeSpan.FromSeconds(options.StallSeconds)));
        builder.Services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("edgeclassifier")).WithMetrics(metrics => metrics.AddMeter(ServiceMeter.Name).AddPrometheusExporter());
        builder.Services.AddHealthChecks()
            .AddCheck<FrameLoopLiveness>("frame-loop", tags: ["live"])
            .AddCheck("ready", new Readiness(parts.Stats), tags: ["ready"]);

        WebApplication web = builder.Build();
        var access = new AccessPolicy(options, parts.Users, MetricsPorts());
        web.Use(SecurityHeaders.InvokeAsync);
        web.Use(access.InvokeAsync);
        web.MapHealthChecks("/healthz", new() { Predicate = c => c.Tags.Contains("live"), ResponseWriter = HealthJson.WriteAsync });
        web.MapHealthChecks("/readyz", new() { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthJson.WriteAsync });
        web.MapPrometheusScrapingEndpoint("/metrics");
        PageEndpoints.Map(web);
        ApiEndpoints.Map(web, new SnapshotDirectory(parts.SnapshotDirectory), parts.Scans);
        StreamEndpoints.Map(web);
        ControlEndpoints.Map(web);
        LabellingEndpoints.Map(web, parts.Collected);
        return web;
    }

    private HashSet<int> MetricsPorts() =>
        [.. options.MetricsUrls.Select(u => new Uri(u).Port)];

    [LoggerMessage(Level = LogLevel.Information, Message = "Web: live page, API and /metrics on {Urls}")]
    private partial void LogListening(string urls);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Web: {Reason}; the service runs without the page, API and /metrics")]
    private partial void LogUnavailable(string reason);
}
