using System.Diagnostics;
using EdgeClassifier.Pipeline;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EdgeClassifier.Web.Health;

/// <summary>
/// <c>/healthz</c>: alive while the frame loop processes frames or waits by design (paused, waiting for a trigger).
/// Unhealthy once no frame has been processed for <paramref name="stallAfter"/> without a reason: the same rule
/// the systemd watchdog applies, for supervisors that poll over HTTP.
/// </summary>
public sealed class FrameLoopLiveness(IPipelineProgress progress, TimeSpan stallAfter) : IHealthCheck
{
    private readonly Lock gate = new();
    private long lastFrames = -1;
    private long lastChange = Stopwatch.GetTimestamp();

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        long frames = progress.ProcessedFrames;
        TimeSpan still;
        lock (gate)
        {
            if (frames != lastFrames || progress.IdleByDesign)
            {
                (lastFrames, lastChange) = (frames, Stopwatch.GetTimestamp());
            }

            still = Stopwatch.GetElapsedTime(lastChange);
        }

        var data = new Dictionary<string, object> { ["framesProcessed"] = frames, ["secondsSinceProgress"] = Math.Round(still.TotalSeconds, 1) };
        return Task.FromResult(still < stallAfter
            ? HealthCheckResult.Healthy(progress.IdleByDesign ? "waiting by design" : "frames flowing", data)
            : HealthCheckResult.Unhealthy($"no frame processed for {still.TotalSeconds:F0} s: {progress.StatusLine}", data: data));
    }
}
