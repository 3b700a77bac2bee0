using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Pipeline;
using EdgeClassifier.Preprocessing;

namespace EdgeClassifier.Outputs.Snapshots;

/// <summary>
/// Keeps <see cref="LatestFrameBuffer"/> supplied with RGB copies of the frames snapshots may need: every frame that
/// changes a decision, and others as often as <see cref="FrameCopyDemand"/> asks (once a second for the
/// <c>snapshot</c> command, the stream rate while someone watches the live view). The camera format is converted
/// and scaled with the vectorised preprocessor straight into the buffer's reused slot; JPEG encoding happens later,
/// off the frame path.
/// </summary>
public sealed class SnapshotTap(LatestFrameBuffer buffer, SnapshotOptions options, FrameCopyDemand demand) : IFrameTap
{
    private Preprocessor? _preprocessor;
    private long _lastOffer;

    public bool WantsFrame(long nowTicks) => nowTicks - _lastOffer >= demand.IntervalTicks;

    public void Offer(ImageView image, long sequence, long nowTicks)
    {
        // Width 0 means the frame's own width (Mqtt:Snapshot:Width); a snapshot is never wider than the frame.
        int width = options.Width == 0 ? image.Width : Math.Min(Math.Max(options.Width, demand.Width), image.Width);
        int height = Math.Max(1, (int)Math.Round((double)image.Height * width / image.Width));
        if (_preprocessor is null || _preprocessor.Spec.Width != width || _preprocessor.Spec.Height != height)
        {
            _preprocessor = new Preprocessor(InputTensorSpec.UInt8(width, height), PreprocessOptions.Default);
        }

        // Converted straight into the buffer's slot: a frame-sized RGB buffer of the tap's own, and a copy of it per
        // offered frame, would buy nothing.
        buffer.Offer(width, height, sequence, new Conversion(_preprocessor, image), static (slot, conversion) => conversion.Into(slot));
        _lastOffer = nowTicks;
    }

    // What the buffer's fill callback needs: a ref struct, because the frame is one.
    private readonly ref struct Conversion(Preprocessor preprocessor, ImageView image)
    {
        private readonly ImageView _image = image;

        public void Into(Span<byte> rgb24) => preprocessor.Run(_image, rgb24);
    }
}
