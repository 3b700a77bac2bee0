using System.Globalization;
using EdgeClassifier.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Hosting.Systemd;

/// <summary>
/// Notices, inside the process, an inference that runs longer than <see cref="WatchdogOptions.StuckInferenceMultiple"/>
/// times the per-frame budget. Such a call sits in native code and cannot be interrupted, so the watchdog logs it,
/// gives up on the frame thread and stops the host; <c>run</c> then exits with code 1 and systemd
/// (<c>Restart=on-failure</c>) starts the service again, counting it in <c>NRestarts</c>.
/// </summary>
public sealed partial class InferenceWatchdog : BackgroundService
{
    private readonly IPipelineProgress _progress;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<InferenceWatchdog> _logger;
    private readonly TimeProvider _time;

    /// <summary>Creates the watchdog; <paramref name="inferenceBudget"/> is the per-frame time budget of the pipeline.</summary>
    public InferenceWatchdog(
        TimeSpan inferenceBudget,
        IPipelineProgress progress,
        IOptions<WatchdogOptions> options,
        IHostApplicationLifetime lifetime,
        ILogger<InferenceWatchdog> logger,
        TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(inferenceBudget, TimeSpan.Zero);
        if (Unusable(inferenceBudget, options.Value.StuckInferenceMultiple) is { } problem)
        {
            throw new ArgumentOutOfRangeException(nameof(inferenceBudget), problem);
        }

        _progress = progress;
        _lifetime = lifetime;
        _logger = logger;
        _time = time;
        StuckThreshold = Threshold(inferenceBudget, options.Value.StuckInferenceMultiple);
    }

    /// <summary>
    /// Why the watchdog cannot work with this budget and multiple — one line naming <c>Pipeline:BudgetMs</c> — or null
    /// when it can. It checks every half threshold, and a timer period must be a whole number of milliseconds from 1
    /// up; start-up validation calls this so that such a budget is a config error rather than a failing service.
    /// </summary>
    public static string? Unusable(TimeSpan inferenceBudget, double stuckInferenceMultiple)
    {
        TimeSpan threshold = Threshold(inferenceBudget, stuckInferenceMultiple);
        long periodMs = (long)CheckPeriod(threshold).TotalMilliseconds;
        string product = string.Create(CultureInfo.InvariantCulture, $"Pipeline:BudgetMs ({inferenceBudget.TotalMilliseconds} ms) x Watchdog:StuckInferenceMultiple ({stuckInferenceMultiple}) = {threshold.TotalMilliseconds} ms");
        return periodMs switch
        {
            < 1 => $"{product}: the stuck-inference watchdog's limit must be at least 2 ms; raise Pipeline:BudgetMs.",
            > MaxPeriodMs => $"{product}: the stuck-inference watchdog's limit is too long; lower Pipeline:BudgetMs.",
            _ => null,
        };
    }

    // The longest period a timer accepts (Timer.MaxSupportedTimeout, 0xfffffffe ms).
    private const long MaxPeriodMs = 0xfffffffe;

    private static TimeSpan Threshold(TimeSpan inferenceBudget, double stuckInferenceMultiple) => inferenceBudget * stuckInferenceMultiple;

    // Checking at half the threshold reports a stuck inference between 1 and 1.5 thresholds after it began.
    private static TimeSpan CheckPeriod(TimeSpan threshold) => threshold / 2;

    /// <summary>How long one inference may run before it counts as stuck.</summary>
    public TimeSpan StuckThreshold { get; }

    /// <summary>Why the watchdog stopped the service (one line), or null while it has not.</summary>
    public string? StopReason { get; private set; }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckPeriod(StuckThreshold), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                TimeSpan running = _progress.InferenceRunningFor;
                if (running >= StuckThreshold)
                {
                    GiveUp(running);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping for another reason.
        }
    }

    private void GiveUp(TimeSpan running)
    {
        StopReason = string.Create(CultureInfo.InvariantCulture, $"inference stuck: running for {running.TotalSeconds:F1} s, over the {StuckThreshold.TotalSeconds:F3} s limit (Watchdog:StuckInferenceMultiple x Pipeline:BudgetMs)");
        LogStuckInference(running, StuckThreshold);
        _progress.Abandon();
        _lifetime.StopApplication();
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Inference stuck: running for {Running}, over the {Threshold} limit; stopping with exit code 1 so systemd restarts the service")]
    private partial void LogStuckInference(TimeSpan running, TimeSpan threshold);
}
