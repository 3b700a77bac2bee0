using EdgeClassifier.Hosting.Systemd;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Tests.Hosting;

public sealed class InferenceWatchdogTests : IDisposable
{
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(5);

    private readonly ApplicationLifetime _lifetime = new(NullLogger<ApplicationLifetime>.Instance);
    private readonly FrameFlowProgress _progress = new();
    private readonly InferenceWatchdog _watchdog;

    public InferenceWatchdogTests()
    {
        _watchdog = new InferenceWatchdog(
            Budget, _progress, Options.Create(new WatchdogOptions { StuckInferenceMultiple = 5 }), _lifetime,
            NullLogger<InferenceWatchdog>.Instance, TimeProvider.System);
    }

    public void Dispose()
    {
        _watchdog.Dispose();
        _progress.Dispose();
    }

    [Fact]
    public async Task Inferences_within_the_limit_leave_the_service_running()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(100), _watchdog.StuckThreshold);
        await _watchdog.StartAsync(CancellationToken.None);

        _progress.InferenceRunningFor = TimeSpan.FromMilliseconds(99);
        await Task.Delay(_watchdog.StuckThreshold * 3);
        await _watchdog.StopAsync(CancellationToken.None);

        Assert.Null(_watchdog.StopReason);
        Assert.False(_progress.Abandoned);
        Assert.False(_lifetime.ApplicationStopping.IsCancellationRequested);
    }

    [Fact]
    public async Task A_stuck_inference_abandons_the_frame_thread_and_stops_the_host_with_the_reason()
    {
        await _watchdog.StartAsync(CancellationToken.None);

        _progress.InferenceRunningFor = TimeSpan.FromSeconds(2.5);
        await _watchdog.ExecuteTask!.WaitAsync(WaitLimit);

        Assert.True(_lifetime.ApplicationStopping.IsCancellationRequested);
        Assert.True(_progress.Abandoned);
        Assert.Equal(
            "inference stuck: running for 2.5 s, over the 0.100 s limit (Watchdog:StuckInferenceMultiple x Pipeline:BudgetMs)",
            _watchdog.StopReason);
    }
}
