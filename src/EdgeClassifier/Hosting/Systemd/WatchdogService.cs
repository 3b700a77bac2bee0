using System.Globalization;
using EdgeClassifier.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Hosting.Systemd;

/// <summary>
/// Feeds the systemd watchdog (<c>WATCHDOG=1</c> every half <c>WATCHDOG_USEC</c>) only while the frame loop turns,
/// with frames or waiting for an absent camera (it waits in bounded steps and reopens the camera), so only a loop that
/// hangs (a blocked driver call, a stuck inference) stops the pings and systemd restarts the service. Also sends a
/// <c>STATUS=</c> line every <see cref="WatchdogOptions.StatusInterval"/>.
/// </summary>
/// <remarks>READY=1 and STOPPING=1 are sent by the hosting package's <c>UseSystemd()</c>, not here.</remarks>
public sealed partial class WatchdogService : BackgroundService
{
    private const int MaxStatusLength = 200;

    private readonly SystemdNotifier _notifier;
    private readonly IPipelineProgress _progress;
    private readonly TimeSpan? _watchdogTimeout;
    private readonly TimeSpan _statusInterval;
    private readonly ILogger<WatchdogService> _logger;
    private readonly TimeProvider _time;

    /// <summary>Creates the service; <paramref name="environment"/> gives the watchdog timeout, if systemd set one.</summary>
    public WatchdogService(
        SystemdNotifier notifier,
        IPipelineProgress progress,
        SystemdEnvironment environment,
        IOptions<WatchdogOptions> options,
        ILogger<WatchdogService> logger,
        TimeProvider time)
    {
        _notifier = notifier;
        _progress = progress;
        _watchdogTimeout = environment.WatchdogTimeout;
        _statusInterval = options.Value.StatusInterval;
        _logger = logger;
        _time = time;
    }

    /// <summary>How often a ping is due, or null when systemd expects none.</summary>
    public TimeSpan? PingInterval => _watchdogTimeout / 2;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_notifier.IsEnabled)
        {
            return;
        }

        try
        {
            await Task.WhenAll(FeedWatchdogAsync(stoppingToken), SendStatusAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: nothing more to tell systemd; STOPPING=1 comes from the host lifetime.
        }
    }

    private async Task FeedWatchdogAsync(CancellationToken stoppingToken)
    {
        if (PingInterval is not { } interval)
        {
            return;
        }

        LogWatchdogEnabled(_watchdogTimeout!.Value, interval);
        var turnsAtLastTick = _progress.LoopTurns;
        var withholding = false;
        using var timer = new PeriodicTimer(interval, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var turns = _progress.LoopTurns;
            var progressed = turns != turnsAtLastTick;
            turnsAtLastTick = turns;

            if (progressed)
            {
                _notifier.Notify("WATCHDOG=1");
                if (withholding)
                {
                    LogPingsResumed(_progress.ProcessedFrames);
                    withholding = false;
                }
            }
            else if (!withholding)
            {
                LogPingsWithheld(interval, _progress.ProcessedFrames);
                withholding = true;
            }
        }
    }

    private async Task SendStatusAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_statusInterval, _time);
        do
        {
            _notifier.Notify("STATUS=" + OneLine(_progress.StatusLine));
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    // systemd reads one assignment per line, so a line break would end the status and start a bogus assignment.
    private static string OneLine(string text)
    {
        var line = string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        });
        return line.Length <= MaxStatusLength ? line : line[..MaxStatusLength];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "systemd watchdog timeout {Timeout}: pinging every {Interval} while the pipeline makes progress")]
    private partial void LogWatchdogEnabled(TimeSpan timeout, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Frame loop made no turn in {Interval} (frames processed: {Frames}); withholding watchdog pings so systemd restarts the service if this lasts")]
    private partial void LogPingsWithheld(TimeSpan interval, long frames);

    [LoggerMessage(Level = LogLevel.Information, Message = "Frame loop turns again (frames processed: {Frames}); watchdog pings resumed")]
    private partial void LogPingsResumed(long frames);
}
