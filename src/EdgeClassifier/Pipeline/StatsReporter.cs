using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeClassifier.Pipeline;

/// <summary>Logs a one-line stats summary every <see cref="PipelineOptions.StatsIntervalSeconds"/>.</summary>
public sealed partial class StatsReporter(PipelineStats stats, PipelineOptions options, ILogger<StatsReporter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.StatsIntervalSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            PipelineStatsSnapshot s = stats.Snapshot();
            StageSnapshot total = s.Stages["total"];
            LogStats(s.CameraFps, s.ProcessedFps, s.Drops, s.Misses, total.P50, total.P95, total.P99, s.DegradeLevel, s.Health);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stats: camera {CameraFps} fps, processed {ProcessedFps} fps, drops {Drops}, misses {Misses}, total p50/p95/p99 {P50}/{P95}/{P99} ms, degrade level {Level}, {Health}")]
    private partial void LogStats(double cameraFps, double processedFps, long drops, long misses, double p50, double p95, double p99, int level, HealthState health);
}
