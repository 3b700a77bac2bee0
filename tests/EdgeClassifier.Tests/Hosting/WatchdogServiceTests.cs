using EdgeClassifier.Hosting.Systemd;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeClassifier.Tests.Hosting;

public sealed class WatchdogServiceTests
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Pings_at_half_the_watchdog_timeout_while_frames_flow_and_stop_when_the_loop_hangs()
    {
        using var listener = NotifySocketListener.InTempDirectory();
        using var progress = new FrameFlowProgress();
        var watchdogTimeout = TimeSpan.FromSeconds(1);
        var pingInterval = watchdogTimeout / 2;
        using var host = WatchdogHost.Build(
            progress,
            new SystemdEnvironment(listener.Address, watchdogTimeout),
            new Dictionary<string, string?> { ["Watchdog:StatusInterval"] = "00:00:01" });

        progress.Flow();
        await host.StartAsync();
        await listener.WaitForAsync(m => m == "READY=1", TimeSpan.Zero, WaitLimit);

        // Frames flow: WATCHDOG=1 at the cadence systemd asked for.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var pings = listener.Received("WATCHDOG=1");
        Assert.InRange(pings.Count, 4, 7);
        var gaps = pings.Zip(pings.Skip(1), (a, b) => (b.At - a.At).TotalMilliseconds).Order().ToList();
        var medianGap = gaps[gaps.Count / 2];
        Assert.InRange(medianGap, pingInterval.TotalMilliseconds * 0.7, pingInterval.TotalMilliseconds * 1.4);

        var statuses = listener.Received().Where(m => m.Text.StartsWith("STATUS=", StringComparison.Ordinal)).ToList();
        Assert.InRange(statuses.Count, 2, 6);
        Assert.All(statuses, s => Assert.Equal("STATUS=" + progress.StatusLine, s.Text));

        // The loop hangs: at most the ping for turns seen before the hang, then none.
        var stalledAt = listener.Now;
        progress.Stall();
        await Task.Delay(pingInterval * 5);
        var pingsAfterStall = listener.Received("WATCHDOG=1").Where(p => p.At > stalledAt).ToList();
        Assert.True(pingsAfterStall.Count <= 1, $"{pingsAfterStall.Count} pings after the stall");
        Assert.All(pingsAfterStall, p => Assert.True(p.At - stalledAt < pingInterval * 1.6, $"ping {p.At - stalledAt} after the stall"));
        Assert.Contains(listener.Received(), m => m.At > stalledAt && m.Text.StartsWith("STATUS=", StringComparison.Ordinal));

        // The loop turns again: pings resume within two intervals.
        var resumedAt = listener.Now;
        progress.Flow();
        var resumed = await listener.WaitForAsync(m => m == "WATCHDOG=1", resumedAt, WaitLimit);
        Assert.True(resumed.At - resumedAt < pingInterval * 2.6, $"first ping {resumed.At - resumedAt} after frames resumed");

        var stoppingFrom = listener.Now;
        await host.StopAsync();
        await listener.WaitForAsync(m => m == "STOPPING=1", stoppingFrom, WaitLimit);
    }

    [Fact]
    public async Task Keeps_pinging_without_frames_while_the_loop_turns_and_sends_status_as_one_line()
    {
        using var listener = NotifySocketListener.InTempDirectory();
        using var progress = new FrameFlowProgress { StatusLine = "trigger mode\nwaiting for GPIO 17" };
        progress.Wait();
        using var host = WatchdogHost.Build(progress, new SystemdEnvironment(listener.Address, TimeSpan.FromMilliseconds(400)));

        await host.StartAsync();
        // Pings come every 200 ms; a busy machine may delay some, so wait (bounded) for four rather than timing a window.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (listener.Received("WATCHDOG=1").Count < 4 && waited.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(100);
        }

        await host.StopAsync();

        Assert.True(listener.Received("WATCHDOG=1").Count >= 4, $"{listener.Received("WATCHDOG=1").Count} pings in {waited.Elapsed.TotalSeconds:F1} s");
        Assert.Contains(listener.Received(), m => m.Text == "STATUS=trigger mode waiting for GPIO 17");
    }

    [Fact]
    public async Task Sends_nothing_and_runs_quietly_when_systemd_set_no_socket()
    {
        using var progress = new FrameFlowProgress();
        using var host = WatchdogHost.Build(progress, new SystemdEnvironment(null, TimeSpan.FromMilliseconds(400)));

        await host.StartAsync();
        await host.StopAsync();

        Assert.False(host.Services.GetRequiredService<SystemdNotifier>().IsEnabled);
    }

    [Fact]
    public async Task Rejects_invalid_options_at_start_naming_the_key()
    {
        using var listener = NotifySocketListener.InTempDirectory();
        using var progress = new FrameFlowProgress();
        using var host = WatchdogHost.Build(
            progress,
            new SystemdEnvironment(listener.Address, null),
            new Dictionary<string, string?> { ["Watchdog:StuckInferenceMultiple"] = "1.5" });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        Assert.Contains("Watchdog:StuckInferenceMultiple must be between 2 and 1000, got 1.5", error.Message, StringComparison.Ordinal);
    }
}
