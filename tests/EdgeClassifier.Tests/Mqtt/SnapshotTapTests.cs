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
}
