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
    private readonly IPipelineProgress _progress;
    private readonly TimeSpan _stallAfter;
    private readonly Lock _gate = new();
    private readonly Timer _sampler;
    private long _lastFrames = -1;
    private long _lastChange = Stopwatch.GetTimestamp();

    /// <summary>Starts sampling <paramref name="progress"/>.</summary>
    public FrameLoopLiveness(IPipelineProgress progress, TimeSpan stallAfter)
    {
        _progress = progress;
        _stallAfter = stallAfter;
        _sampler = new Timer(_ => Sample(), null, TimeSpan.Zero, _stallAfter / 4);
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        TimeSpan still = Sample();
        var data = new Dictionary<string, object> { ["framesProcessed"] = _progress.ProcessedFrames, ["secondsSinceProgress"] = Math.Round(still.TotalSeconds, 1) };
        return Task.FromResult(still < _stallAfter
            ? HealthCheckResult.Healthy(_progress.IdleByDesign ? "waiting by design" : "frames flowing", data)
            : HealthCheckResult.Unhealthy($"no frame processed for {still.TotalSeconds:F0} s: {_progress.StatusLine}", data: data));
    }

    /// <inheritdoc />
    public void Dispose() => _sampler.Dispose();

    /// <summary>Notes progress and returns how long there has been none.</summary>
    private TimeSpan Sample()
    {
        long frames = _progress.ProcessedFrames;
        lock (_gate)
        {
            if (frames != _lastFrames || _progress.IdleByDesign)
            {
                (_lastFrames, _lastChange) = (frames, Stopwatch.GetTimestamp());
            }

            return Stopwatch.GetElapsedTime(_lastChange);
        }
    }
}
