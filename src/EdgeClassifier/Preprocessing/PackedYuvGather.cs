using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using EdgeClassifier.Hardware.Camera;

namespace EdgeClassifier.Preprocessing;

/// <summary>
/// Hot path, AVX2 only: gathers the four neighbours of eight output pixels at a time from a packed 4:2:2 frame
/// (YUYV or UYVY — most USB webcams), converting them to RGB with the same integer BT.601 arithmetic as
/// <see cref="YuvConversion"/> in 256-bit vectors. Used for unrotated and 180°-rotated output; other cases go through
/// the per-pixel readers. Offsets are precomputed per output column, so a row costs three gathers per neighbour.
/// </summary>
internal sealed class PackedYuvGather
{
    private readonly int[] _yLo;
    private readonly int[] _uLo;
    private readonly int[] _vLo;
    private readonly int[] _yHi;
    private readonly int[] _uHi;
    private readonly int[] _vHi;
    private readonly int _maxColumnOffset;

    private PackedYuvGather(SamplingPlan plan, PixelFormat format, int width)
    {
        (int yByte, int uByte, int vByte) = format == PixelFormat.Yuyv ? (0, 1, 3) : (1, 0, 2);
        _yLo = new int[width];
        _uLo = new int[width];
        _vLo = new int[width];
        _yHi = new int[width];
        _uHi = new int[width];
        _vHi = new int[width];
        for (int x = 0; x < width; x++)
        {
            (_yLo[x], _uLo[x], _vLo[x]) = Offsets(plan.ColumnLo[x], yByte, uByte, vByte);
            (_yHi[x], _uHi[x], _vHi[x]) = Offsets(plan.ColumnHi[x], yByte, uByte, vByte);
        }

        _maxColumnOffset = new[] { _yHi.Max(), _uHi.Max(), _vHi.Max(), _yLo.Max(), _uLo.Max(), _vLo.Max() }.Max();
    }

    /// <summary>The gather for this plan, or null when the format, rotation or CPU does not allow it.</summary>
    public static PackedYuvGather? TryCreate(SamplingPlan plan, PixelFormat format, int width) =>
        Avx2.IsSupported && !plan.SwapsAxes && format is PixelFormat.Yuyv or PixelFormat.Uyvy
            ? new PackedYuvGather(plan, format, width)
            : null;

    /// <summary>True when 4-byte gathers for row <paramref name="rowHiOffset"/> stay inside the frame.</summary>
    public bool FitsIn(int rowHiOffset, int length) => rowHiOffset + _maxColumnOffset + sizeof(int) <= length;

    /// <summary>
    /// Fills the neighbour buffers for columns [start, end) of one output row whose source rows start at the given
    /// byte offsets; returns the first column it left for the caller's per-pixel path (fewer than 8 remain).
    /// </summary>
    public unsafe int GatherRow(
        ReadOnlySpan<byte> frame, int rowLo, int rowHi, int start, int end, int elementStep, int channelStep,
        float[] topLeft, float[] topRight, float[] bottomLeft, float[] bottomRight)
    {
        int x = start;
        float* channels = stackalloc float[3 * Vector256<float>.Count];
        fixed (byte* data = frame)
        fixed (int* yl = _yLo, ul = _uLo, vl = _vLo, yh = _yHi, uh = _uHi, vh = _vHi)
        {
            for (; x <= end - Vector256<int>.Count; x += Vector256<int>.Count)
            {
                Store(topLeft, x, elementStep, channelStep, data + rowLo, yl + x, ul + x, vl + x, channels);
                Store(topRight, x, elementStep, channelStep, data + rowLo, yh + x, uh + x, vh + x, channels);
                Store(bottomLeft, x, elementStep, channelStep, data + rowHi, yl + x, ul + x, vl + x, channels);
                Store(bottomRight, x, elementStep, channelStep, data + rowHi, yh + x, uh + x, vh + x, channels);
            }
        }

        return x;
    }

    /// <summary>Byte offsets, within a row, of pixel <paramref name="column"/>'s luma and its pair's chroma.</summary>
    private static (int Y, int U, int V) Offsets(int column, int yByte, int uByte, int vByte)
    {
        int pair = (column & ~1) * 2;
        return (pair + yByte + ((column & 1) * 2), pair + uByte, pair + vByte);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(float[] neighbours, int x, int elementStep, int channelStep, byte* row, int* y, int* u, int* v, float* channels)
    {
        Vector256<int> mask = Vector256.Create(0xFF);
        Vector256<int> luma = Avx2.And(Avx2.GatherVector256((int*)row, Avx.LoadVector256(y), 1), mask);
        Vector256<int> d = Avx2.And(Avx2.GatherVector256((int*)row, Avx.LoadVector256(u), 1), mask) - Vector256.Create(128);
        Vector256<int> e = Avx2.And(Avx2.GatherVector256((int*)row, Avx.LoadVector256(v), 1), mask) - Vector256.Create(128);
        Vector256<int> c = (luma - Vector256.Create(16)) * Vector256.Create(298);
        Vector256<int> half = Vector256.Create(128);
        Vector256<float> r = Channel(c + (e * Vector256.Create(409)) + half);
        Vector256<float> g = Channel(c - (d * Vector256.Create(100)) - (e * Vector256.Create(208)) + half);
        Vector256<float> b = Channel(c + (d * Vector256.Create(516)) + half);
        fixed (float* target = neighbours)
        {
            if (elementStep == 1)
            {
                Avx.Store(target + x, r);
                Avx.Store(target + x + channelStep, g);
                Avx.Store(target + x + (2 * channelStep), b);
                return;
            }

            // Interleaved (NHWC) rows: spill the three channel vectors and place each pixel's R, G, B together.
            Avx.Store(channels, r);
            Avx.Store(channels + Vector256<float>.Count, g);
            Avx.Store(channels + (2 * Vector256<float>.Count), b);
            float* pixel = target + (x * elementStep);
            for (int i = 0; i < Vector256<float>.Count; i++, pixel += elementStep)
            {
                pixel[0] = channels[i];
                pixel[channelStep] = channels[i + Vector256<float>.Count];
                pixel[2 * channelStep] = channels[i + (2 * Vector256<float>.Count)];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Channel(Vector256<int> fixedPoint) =>
        Avx.ConvertToVector256Single(Vector256.Min(Vector256.Max(Avx2.ShiftRightArithmetic(fixedPoint, 8), Vector256<int>.Zero), Vector256.Create(255)));
}
