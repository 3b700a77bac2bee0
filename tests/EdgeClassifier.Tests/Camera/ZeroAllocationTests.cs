using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Hardware.Camera.Synthetic;
using EdgeClassifier.Hardware.Camera.V4l2;

namespace EdgeClassifier.Tests.Camera;

/// <summary>After warm-up, 1,000 acquire/release cycles allocate no managed memory on the frame path.</summary>
public class ZeroAllocationTests
{
    private const int Cycles = 1000;

    [Theory]
    [InlineData(PixelFormat.Yuyv)]
    [InlineData(PixelFormat.Nv12)]
    public void Synthetic_frames_allocate_nothing(PixelFormat format)
    {
        using var source = new SyntheticFrameSource(160, 120, 1_000_000, format);
        source.Start();

        Assert.Equal(0, AllocatedOverCycles(source));
    }

    [Fact]
    public void V4l2_frames_allocate_nothing()
    {
        using var driver = new FakeV4l2Driver();
        using var source = new V4l2FrameSource(driver.DevicePath, 640, 480, 30, PixelFormat.Yuyv, driver);
        source.Start();

        Assert.Equal(0, AllocatedOverCycles(source));
    }

    [Fact]
    public void The_resilient_wrapper_allocates_nothing_while_connected()
    {
        using var driver = new FakeV4l2Driver();
        using var source = new ResilientFrameSource(new V4l2FrameSource(driver.DevicePath, 640, 480, 30, PixelFormat.Yuyv, driver));
        source.Start();

        Assert.Equal(0, AllocatedOverCycles(source));
    }

    private static long AllocatedOverCycles(IFrameSource source)
    {
        var (warmUpFrames, _) = RunCycles(source, Cycles);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var (frames, checksum) = RunCycles(source, Cycles);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(Cycles, warmUpFrames);
        Assert.Equal(Cycles, frames);
        Assert.NotEqual(0, checksum);
        return allocated;
    }

    // No assertions inside the loop: the assertion library itself may allocate.
    private static (int Frames, long Checksum) RunCycles(IFrameSource source, int cycles)
    {
        int frames = 0;
        long checksum = 0;
        for (int i = 0; i < cycles; i++)
        {
            if (source.TryAcquire(TimeSpan.FromSeconds(1), out var frame) == FrameWaitResult.Frame)
            {
                frames++;
                checksum += frame.Image.Data[^1] + frame.Sequence;
                source.Release();
            }
        }

        return (frames, checksum);
    }
}
