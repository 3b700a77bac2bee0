using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Preprocessing;

namespace EdgeClassifier.Tests.Preprocessing;

/// <summary>
/// The preprocessor is on the frame path: once its plan for a frame size exists, a frame of any camera format into
/// any tensor type allocates nothing. Counted on the calling thread, so other threads' allocations (a benchmark
/// harness's, the runtime's) cannot hide or fake a per-frame allocation. A garbage collection started by another
/// test can still add a few kilobytes, once, to the calling thread's count (the unused rest of its allocation
/// context), so the count is taken in three rounds: a per-frame allocation shows in every round, that artefact in one.
/// </summary>
public class PreprocessorAllocationTests
{
    public static TheoryData<PixelFormat> Formats() =>
        new(PixelFormat.Yuyv, PixelFormat.Uyvy, PixelFormat.Nv12, PixelFormat.Yuv420, PixelFormat.Grey, PixelFormat.Rgb24, PixelFormat.Bgr24);

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_frame_allocates_nothing_after_the_first(PixelFormat format)
    {
        byte[] frame = new byte[format.FrameSize(480, format.MinimumStride(640))];
        new Random(7).NextBytes(frame);
        var bytes = InputTensorSpec.UInt8(224, 224);
        var floats = InputTensorSpec.Float(128, 128, TensorLayout.Nchw, 127.5f, 127.5f);
        var toBytes = new Preprocessor(bytes, PreprocessOptions.Default);
        var toFloats = new Preprocessor(floats, PreprocessOptions.Default);
        byte[] byteTensor = new byte[bytes.ElementCount];
        float[] floatTensor = new float[floats.ElementCount];
        toBytes.Run(new ImageView(frame, format, 640, 480), byteTensor);
        toFloats.Run(new ImageView(frame, format, 640, 480), floatTensor);

        long[] rounds = new long[3];
        for (int round = 0; round < rounds.Length; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 20; i++)
            {
                toBytes.Run(new ImageView(frame, format, 640, 480), byteTensor);
                toFloats.Run(new ImageView(frame, format, 640, 480), floatTensor);
            }

            rounds[round] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.True(rounds.Min() == 0, $"bytes allocated per round of 20 frames: {string.Join(", ", rounds)}");
    }
}
