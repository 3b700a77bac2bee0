using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Hardware.Camera.V4l2;

namespace EdgeClassifier.Tests.Camera;

public sealed class ResilientFrameSourceTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromMilliseconds(100);
    private readonly FakeV4l2Driver _driver = new();
    private readonly List<string> _log = [];

    public void Dispose() => _driver.Dispose();

    [Fact]
    public void An_unplugged_camera_is_reopened_when_it_returns_and_counted()
    {
        using var source = Resilient();
        source.Start();
        Assert.Equal(FrameWaitResult.Frame, Acquire(source));

        _driver.Unplug();
        Assert.Equal(FrameWaitResult.Timeout, source.TryAcquire(Wait, out _));
        Assert.False(source.IsConnected);
        Assert.Contains("errno 19", source.LastError);

        // While it is away every call is a quiet timeout.
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(FrameWaitResult.Timeout, source.TryAcquire(Wait, out _));
        }

        _driver.Replug();

        Assert.Equal(FrameWaitResult.Frame, AcquireWithin(source, TimeSpan.FromSeconds(3)));
        Assert.Equal(1, source.Losses);
        Assert.Equal(1, source.Reconnects);
        Assert.Equal(0, source.Stalls);
        Assert.Equal(2, _driver.StreamOns);
        Assert.Contains(_log, line => line.Contains("reconnected"));
    }

    [Fact]
    public void A_stalled_camera_is_restarted_and_counted()
    {
        using var source = Resilient(stall: TimeSpan.FromMilliseconds(150));
        source.Start();
        Assert.Equal(FrameWaitResult.Frame, Acquire(source));

        _driver.Producing = false;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (source.Stalls == 0 && DateTime.UtcNow < deadline)
        {
            Assert.NotEqual(FrameWaitResult.Frame, source.TryAcquire(Wait, out _));
        }

        Assert.Equal(1, source.Stalls);
        _driver.Producing = true;

        Assert.Equal(FrameWaitResult.Frame, AcquireWithin(source, TimeSpan.FromSeconds(3)));
        Assert.Equal(1, source.Reconnects);
        Assert.Equal(2, _driver.Opens);
    }

    [Fact]
    public void A_camera_absent_at_start_does_not_throw_and_is_picked_up_later()
    {
        _driver.Unplug();
        using var source = Resilient();

        source.Start();
        Assert.False(source.IsConnected);
        Assert.Equal(FrameWaitResult.Timeout, source.TryAcquire(Wait, out _));

        _driver.Replug();

        Assert.Equal(FrameWaitResult.Frame, AcquireWithin(source, TimeSpan.FromSeconds(3)));
        Assert.Equal(1, source.Reconnects);
    }

    [Fact]
    public void A_configuration_error_is_not_retried()
    {
        using var source = new ResilientFrameSource(new V4l2FrameSource(_driver.DevicePath, 640, 480, 30, PixelFormat.Grey, _driver));

        Assert.Throws<CameraConfigurationException>(source.Start);
    }

    [Fact]
    public void Back_off_doubles_between_failed_attempts_up_to_the_cap()
    {
        _driver.Unplug();
        using var source = Resilient();
        source.Start();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (_log.Count(line => line.Contains("retrying in")) < 6 && DateTime.UtcNow < deadline)
        {
            Assert.Equal(FrameWaitResult.Timeout, source.TryAcquire(TimeSpan.FromMilliseconds(20), out _));
        }

        var delays = _log.Where(line => line.Contains("retrying in")).Select(line => line[(line.IndexOf("retrying in") + 12)..]);
        Assert.Equal(["0.02 s.", "0.04 s.", "0.08 s.", "0.16 s.", "0.16 s.", "0.16 s."], delays.Take(6));
        Assert.Equal(6, _driver.Log.Count(call => call == "open"));
    }

    private ResilientFrameSource Resilient(TimeSpan? stall = null) =>
        new(new V4l2FrameSource(_driver.DevicePath, 640, 480, 30, interop: _driver), stall, _log.Add)
        {
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(160),
        };

    private static FrameWaitResult Acquire(IFrameSource source)
    {
        var result = source.TryAcquire(Wait, out _);
        if (result == FrameWaitResult.Frame)
        {
            source.Release();
        }

        return result;
    }

    private static FrameWaitResult AcquireWithin(IFrameSource source, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        var result = FrameWaitResult.Timeout;
        while (result != FrameWaitResult.Frame && DateTime.UtcNow < deadline)
        {
            result = Acquire(source);
        }

        return result;
    }
}
