using System.Diagnostics;
using EdgeClassifier.Pipeline;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EdgeClassifier.Web.Health;

/// <summary>
/// <c>/healthz</c>: alive while the frame loop processes frames or waits by design (paused, waiting for a trigger).
/// Unhealthy once no frame has been processed for the stall time without a reason: the same rule the systemd
/// watchdog applies, for supervisors that poll over HTTP. Progress is sampled four times per stall time, so a
/// stall is seen however rarely the endpoint is asked.
/// </summary>
public sealed class FrameLoopLiveness : IHealthCheck, IDisposable
{
    private readonly IPipelineProgress progress;
    private readonly TimeSpan stallAfter;
    private readonly Lock gate = new();
    private readonly Timer sampler;
    private long lastFrames = -1;
    private long lastChange = Stopwatch.GetTimestamp();

    /// <summary>Starts sampling <paramref name="progress"/>.</summary>
    public FrameLoopLiveness(IPipelineProgress progress, TimeSpan stallAfter)
    {
        this.progress = progress;
        this.stallAfter = stallAfter;
        sampler = new Timer(_ => Sample(), null, TimeSpan.Zero, stallAfter / 4);
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        TimeSpan still = Sample();
        var data = new Dictionary<string, object> { ["framesProcessed"] = progress.ProcessedFrames, ["secondsSinceProgress"] = Math.Round(still.TotalSeconds, 1) };
        return Task.FromResult(still < stallAfter
            ? HealthCheckResult.Healthy(progress.IdleByDesign ? "waiting by design" : "frames flowing", data)
            : HealthCheckResult.Unhealthy($"no frame processed for {still.TotalSeconds:F0} s: {progress.StatusLine}", data: data));
    }

    /// <inheritdoc />
    public void Dispose() => sampler.Dispose();

    /// <summary>Notes progress and returns how long there has been none.</summary>
    private TimeSpan Sample()
    {
        long frames = progress.ProcessedFrames;
        lock (gate)
        {
            if (frames != lastFrames || progress.IdleByDesign)
            {
                (lastFrames, lastChange) = (frames, Stopwatch.GetTimestamp());
            }

            return Stopwatch.GetElapsedTime(lastChange);
        }
    }
}
