using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Outputs.Snapshots;

namespace EdgeClassifier.Tests.Mqtt;

public sealed class SnapshotTapTests
{
    [Fact]
    public void Width_0_copies_frames_at_their_own_size_instead_of_throwing_on_the_frame_thread()
    {
        var buffer = new LatestFrameBuffer();
        var tap = new SnapshotTap(buffer, new SnapshotOptions { Width = 0 }, new FrameCopyDemand());
        var frame = new byte[40 * 30 * 2];

        tap.Offer(new ImageView(frame, PixelFormat.Yuyv, 40, 30), sequence: 1, nowTicks: 0);

        using var copy = buffer.Copy(null);
        Assert.NotNull(copy);
        Assert.Equal((40, 30), (copy.Width, copy.Height));
    }

    [Fact]
    public void The_tap_converts_into_the_buffer_without_a_frame_buffer_of_its_own()
    {
        var buffer = new LatestFrameBuffer();
        var tap = new SnapshotTap(buffer, new SnapshotOptions { Width = 0 }, new FrameCopyDemand());
        var frame = new byte[640 * 480 * 2];
        int rgbBytes = 640 * 480 * 3;

        // The buffer keeps the last 4 frames; a fifth reuses the first slot.
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int sequence = 1; sequence <= 5; sequence++)
        {
            tap.Offer(new ImageView(frame, PixelFormat.Yuyv, 640, 480), sequence, nowTicks: sequence);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(allocated, 4L * rgbBytes, 5L * rgbBytes - 1);
    }
}
