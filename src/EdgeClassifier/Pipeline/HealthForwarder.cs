using Microsoft.Extensions.Hosting;

namespace EdgeClassifier.Pipeline;

/// <summary>
/// Passes the pipeline's health to whoever shows it (the GPIO status LED) when it changes, polling the stats a few
/// times a second so the frame thread never calls into an output.
/// </summary>
public sealed class HealthForwarder(PipelineStats stats, IEnumerable<Action<HealthState>> listeners) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Action<HealthState>[] targets = listeners.ToArray();
        HealthState? last = null;
        using var timer = new PeriodicTimer(Interval);
        do
        {
            HealthState now = stats.EffectiveHealth;
            if (now != last)
            {
                last = now;
                foreach (Action<HealthState> target in targets)
                {
                    target(now);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
