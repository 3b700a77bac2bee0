using EdgeClassifier.Hosting.Systemd;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeClassifier.Tests.Hosting;

public sealed class InferenceWatchdogTests : IDisposable
{
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(5);

    private readonly ApplicationLifetime _lifetime = new(NullLogger<ApplicationLifetime>.Instance);
    private readonly TaskCompletionSource<int> _exitCode = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _restarts = new(0);
    private InferenceWatchdog? _watchdog;

    public void Dispose()
    {
        _watchdog?.Dispose();
        _restarts.Dispose();
    }

    [Fact]
    public async Task Inferences_within_the_limit_are_not_reported()
    {
        var watchdog = Create(new WatchdogOptions { StuckInferenceMultiple = 10 });

        for (var i = 0; i < 50; i++)
        {
            using (watchdog.BeginInference())
            {
                await Task.Yield();
            }
        }

        await Task.Delay(watchdog.StuckThreshold * 3);
        Assert.Equal(0, watchdog.StuckInferences);
        Assert.Equal(0, _restarts.CurrentCount);
    }

    [Fact]
    public async Task A_stuck_inference_is_counted_once_and_requests_one_pipeline_restart()
    {
        var watchdog = Create(new WatchdogOptions { StuckInferenceMultiple = 5 });
        Assert.Equal(TimeSpan.FromMilliseconds(100), watchdog.StuckThreshold);

        using (watchdog.BeginInference())
        {
            Assert.True(await _restarts.WaitAsync(WaitLimit), "no restart requested for a stuck inference");
            await Task.Delay(watchdog.StuckThreshold * 3);
        }

        Assert.Equal(1, watchdog.StuckInferences);
        Assert.Equal(0, _restarts.CurrentCount);
        Assert.False(_lifetime.ApplicationStopping.IsCancellationRequested);
    }

    [Fact]
    public async Task After_max_restarts_within_the_window_the_next_stuck_inference_stops_the_host_and_exits_with_1()
    {
        var watchdog = Create(new WatchdogOptions { StuckInferenceMultiple = 5, MaxRestarts = 2, RestartWindow = TimeSpan.FromMinutes(1) });

        for (var restart = 1; restart <= 2; restart++)
        {
            // The stuck call never returns, as a hung native call would; the pipeline starts a new inference.
            watchdog.BeginInference();
            Assert.True(await _restarts.WaitAsync(WaitLimit), $"restart {restart} not requested");
        }

        watchdog.BeginInference();
        await WaitUntilAsync(() => _lifetime.ApplicationStopping.IsCancellationRequested);
        Assert.Equal(3, watchdog.StuckInferences);
        Assert.Equal(0, _restarts.CurrentCount);
        Assert.False(_exitCode.Task.IsCompleted, "exited before the host stopped its services");

        _lifetime.NotifyStopped();
        Assert.Equal(1, await _exitCode.Task.WaitAsync(WaitLimit));
    }

    [Fact]
    public async Task Restarts_older_than_the_window_no_longer_count()
    {
        var window = TimeSpan.FromSeconds(1);
        var watchdog = Create(new WatchdogOptions { StuckInferenceMultiple = 5, MaxRestarts = 1, RestartWindow = window });

        watchdog.BeginInference();
        Assert.True(await _restarts.WaitAsync(WaitLimit));
        await Task.Delay(window + TimeSpan.FromMilliseconds(300));

        watchdog.BeginInference();
        Assert.True(await _restarts.WaitAsync(WaitLimit), "a restart outside the window still counted");
        Assert.False(_lifetime.ApplicationStopping.IsCancellationRequested);

        watchdog.BeginInference();
        await WaitUntilAsync(() => _lifetime.ApplicationStopping.IsCancellationRequested);
    }

    private InferenceWatchdog Create(WatchdogOptions options)
    {
        _watchdog = new InferenceWatchdog(
            Budget, options, _lifetime, NullLogger<InferenceWatchdog>.Instance, TimeProvider.System, code => _exitCode.TrySetResult(code));
        _watchdog.PipelineRestartRequested += () => _restarts.Release();
        return _watchdog;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + WaitLimit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Delay(10);
        }
    }
}
