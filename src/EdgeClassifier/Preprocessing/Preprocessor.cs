using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using EdgeClassifier.Hardware.Camera;

namespace EdgeClassifier.Preprocessing;

/// <summary>
/// Hot path: camera pixels → model input in one pass, allocation-free after the first frame of a given size.
/// Per output row it gathers the four source neighbours of every element (converting the camera format on the way,
/// and with AVX2 hardware gathers for RGB/BGR), then blends, truncates and normalises with Vector128 arithmetic,
/// which runs on SSE/AVX and on ARM NEON alike. The result equals <see cref="ReferencePreprocessor"/> byte for byte
/// because every element goes through the same float32 operations in the same order.
/// </summary>
public sealed class Preprocessor
{
    private readonly InputTensorSpec _spec;
    private readonly PreprocessOptions _options;
    private readonly float[] _topLeft;
    private readonly float[] _topRight;
    private readonly float[] _bottomLeft;
    private readonly float[] _bottomRight;
    private readonly int[] _truncated;
    private readonly bool _allowAvx2;
    private SamplingPlan? _plan;
    private NeighbourSampler? _sampler;

    /// <summary>Creates a preprocessor for one model input and one set of options.</summary>
    /// <param name="spec">The model input to fill.</param>
    /// <param name="options">Region, resize, rotation and flips.</param>
    /// <param name="allowAvx2">False keeps to the portable Vector128 path even where AVX2 gathers exist (as on ARM).</param>
    public Preprocessor(InputTensorSpec spec, PreprocessOptions options, bool allowAvx2 = true)
    {
        _allowAvx2 = allowAvx2;
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        _spec = spec;
        _options = options;
        int rowElements = spec.Width * 3;
        _topLeft = new float[rowElements];
        _topRight = new float[rowElements];
        _bottomLeft = new float[rowElements];
        _bottomRight = new float[rowElements];
        _truncated = new int[rowElements];
    }

    /// <summary>The model input this preprocessor fills.</summary>
    public InputTensorSpec Spec => _spec;

    /// <summary>Fills a uint8 tensor from an image.</summary>
    public void Run(ImageView image, Span<byte> tensor)
    {
        SamplingPlan current = Prepare(image, TensorElementType.UInt8, tensor.Length);
        if (!UsesAvx2(image, current))
        {
            RunPortable(image, current, tensor);
            return;
        }

        if (current.HasPadding)
        {
            tensor.Clear();
        }

        for (int oy = current.RowStart; oy < current.RowEnd; oy++)
        {
            GatherRow(image, current, oy);
            foreach (RowSegment segment in current.Segments)
            {
                Blend(current, segment, current.RowWeight[oy]);
                NarrowToBytes(_truncated.AsSpan(segment.Start, segment.Count), tensor.Slice((oy * current.TensorRowStride) + segment.TensorOffset, segment.Count));
            }
        }
    }

    /// <summary>Fills a float tensor from an image with <c>(pixel - mean) / std</c>.</summary>
    public void Run(ImageView image, Span<float> tensor)
    {
        SamplingPlan current = Prepare(image, TensorElementType.Float32, tensor.Length);
        if (!UsesAvx2(image, current))
        {
            RunPortable(image, current, tensor);
            return;
        }

        if (current.HasPadding)
        {
            FillPadding(tensor);
        }

        for (int oy = current.RowStart; oy < current.RowEnd; oy++)
        {
            GatherRow(image, current, oy);
            foreach (RowSegment segment in current.Segments)
            {
                Blend(current, segment, current.RowWeight[oy]);
                Normalise(current, segment, tensor.Slice((oy * current.TensorRowStride) + segment.TensorOffset, segment.Count));
            }
        }
    }

    private SamplingPlan Prepare(ImageView image, TensorElementType type, int tensorLength)
    {
        if (_spec.ElementType != type)
        {
            throw new ArgumentException($"The model input is {_spec.ElementType}, not {type}.");
        }

        if (tensorLength != _spec.ElementCount)
        {
            throw new ArgumentException($"Tensor has {tensorLength} elements, the input needs {_spec.ElementCount}.");
        }

        if (_plan is null || !_plan.Matches(image))
        {
            _plan = new SamplingPlan(image, _spec, _options);
            _sampler = new NeighbourSampler(_plan, new NeighbourTables(_plan, ByteAccess.For(image.Format, image.Stride, image.Height)));
        }

        return _plan;
    }

    private bool UsesAvx2(ImageView image, SamplingPlan current) =>
        _allowAvx2 && Avx2.IsSupported && (current.GatherLo is not null || current.PackedYuv is not null);

    private void RunPortable(ImageView image, SamplingPlan current, Span<byte> tensor)
    {
        if (current.HasPadding)
        {
            tensor.Clear();
        }

        NeighbourSampler rows = _sampler!;
        int count = current.ColumnEnd - current.ColumnStart;
        for (int oy = current.RowStart; oy < current.RowEnd; oy++)
        {
            SampleRow(image, rows, oy);
            ReadOnlySpan<int> values = rows.Blended;
            int stride = rows.Stride;
            if (_spec.Layout == TensorLayout.Nhwc)
            {
                TensorRowWriter.InterleaveBytes(values, values[stride..], values[(2 * stride)..], count, tensor.Slice(((oy * _spec.Width) + current.ColumnStart) * 3, count * 3));
                continue;
            }

            for (int c = 0; c < 3; c++)
            {
                TensorRowWriter.Bytes(values[(c * stride)..], tensor.Slice((((c * _spec.Height) + oy) * _spec.Width) + current.ColumnStart, count));
            }
        }
    }

    private void RunPortable(ImageView image, SamplingPlan current, Span<float> tensor)
    {
        if (current.HasPadding)
        {
            FillPadding(tensor);
        }

        NeighbourSampler rows = _sampler!;
        int count = current.ColumnEnd - current.ColumnStart;
        bool interleaved = _spec.Layout == TensorLayout.Nhwc;
        for (int oy = current.RowStart; oy < current.RowEnd; oy++)
        {
            SampleRow(image, rows, oy);
            ReadOnlySpan<int> values = rows.Blended;
            for (int c = 0; c < 3; c++)
            {
                int start = interleaved
                    ? (((oy * _spec.Width) + current.ColumnStart) * 3) + c
                    : (((c * _spec.Height) + oy) * _spec.Width) + current.ColumnStart;
                TensorRowWriter.Normalised(values[(c * rows.Stride)..], count, _spec.Mean[c], _spec.Std[c], tensor[start..], interleaved ? 3 : 1);
            }
        }
    }

    private static void SampleRow(ImageView image, NeighbourSampler rows, int oy)
    {
        switch (image.Format)
        {
            case PixelFormat.Rgb24: rows.SampleRow<Rgb24Decoder>(image.Data, oy); break;
            case PixelFormat.Bgr24: rows.SampleRow<Bgr24Decoder>(image.Data, oy); break;
            case PixelFormat.Grey: rows.SampleRow<GreyDecoder>(image.Data, oy); break;
            case PixelFormat.Yuyv: rows.SampleRow<YuyvDecoder>(image.Data, oy); break;
            case PixelFormat.Uyvy: rows.SampleRow<UyvyDecoder>(image.Data, oy); break;
            case PixelFormat.Nv12: rows.SampleRow<Nv12Decoder>(image.Data, oy); break;
            case PixelFormat.Yuv420: rows.SampleRow<Yuv420Decoder>(image.Data, oy); break;
            default: throw new NotSupportedException($"Pixel format {image.Format} cannot be preprocessed; decode it first.");
        }
    }

    private void GatherRow(ImageView image, SamplingPlan current, int oy)
    {
        if (current.GatherLo is not null && Avx2.IsSupported
            && current.RowGatherHi![oy] + current.MaxGather + sizeof(int) <= image.Data.Length)
        {
            GatherRowAvx2(image, current, oy);
            return;
        }

        int firstColumn = current.ColumnStart;
        if (current.PackedYuv is { } packed && packed.FitsIn(current.RowHi[oy] * image.Stride, image.Data.Length))
        {
            firstColumn = packed.GatherRow(
                image.Data, current.RowLo[oy] * image.Stride, current.RowHi[oy] * image.Stride, current.ColumnStart, current.ColumnEnd,
                current.ElementStep, current.ChannelStep, _topLeft, _topRight, _bottomLeft, _bottomRight);
        }

        switch (image.Format)
        {
            case PixelFormat.Rgb24: GatherRow<Rgb24Reader>(image, current, oy); break;
            case PixelFormat.Bgr24: GatherRow<Bgr24Reader>(image, current, oy); break;
            case PixelFormat.Grey: GatherRow<GreyReader>(image, current, oy); break;
            case PixelFormat.Yuyv: GatherRow<YuyvReader>(image, current, oy, firstColumn); break;
            case PixelFormat.Uyvy: GatherRow<UyvyReader>(image, current, oy, firstColumn); break;
            case PixelFormat.Nv12: GatherRow<Nv12Reader>(image, current, oy); break;
            case PixelFormat.Yuv420: GatherRow<Yuv420Reader>(image, current, oy); break;
            default: throw new NotSupportedException($"Pixel format {image.Format} cannot be preprocessed; decode it first.");
        }
    }

    private void GatherRow<TReader>(ImageView image, SamplingPlan current, int oy, int firstColumn = -1)
        where TReader : struct, IPixelReader
    {
        ref byte data = ref MemoryMarshal.GetReference(image.Data);
        int stride = image.Stride;
        int height = image.Height;
        int rowLo = current.RowLo[oy];
        int rowHi = current.RowHi[oy];
        bool swaps = current.SwapsAxes;
        for (int x = firstColumn < 0 ? current.ColumnStart : firstColumn; x < current.ColumnEnd; x++)
        {
            int columnLo = current.ColumnLo[x];
            int columnHi = current.ColumnHi[x];
            int xLo = swaps ? rowLo : columnLo, xHi = swaps ? rowHi : columnHi;
            int yLo = swaps ? columnLo : rowLo, yHi = swaps ? columnHi : rowHi;
            int e = x * current.ElementStep;
            int step = current.ChannelStep;
            TReader.Read(ref data, stride, height, xLo, yLo, out byte r, out byte g, out byte b);
            Store(_topLeft, e, step, r, g, b);
            TReader.Read(ref data, stride, height, xHi, yLo, out r, out g, out b);
            Store(_topRight, e, step, r, g, b);
            TReader.Read(ref data, stride, height, xLo, yHi, out r, out g, out b);
            Store(_bottomLeft, e, step, r, g, b);
            TReader.Read(ref data, stride, height, xHi, yHi, out r, out g, out b);
            Store(_bottomRight, e, step, r, g, b);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float[] row, int element, int channelStep, byte r, byte g, byte b)
    {
        ref float first = ref MemoryMarshal.GetArrayDataReference(row);
        Unsafe.Add(ref first, element) = r;
        Unsafe.Add(ref first, element + channelStep) = g;
        Unsafe.Add(ref first, element + (2 * channelStep)) = b;
    }

    /// <summary>RGB/BGR only: eight 4-byte gathers at byte offsets, masked to the low byte.</summary>
    private unsafe void GatherRowAvx2(ImageView image, SamplingPlan current, int oy)
    {
        int rowLo = current.RowGatherLo![oy];
        int rowHi = current.RowGatherHi![oy];

        // Top-right is (x hi, y lo): the high column with the low row, or the low column with the high row when swapped.
        (int topRightColumnRow, int bottomLeftColumnRow) = current.SwapsAxes ? (rowHi, rowLo) : (rowLo, rowHi);
        int[] topRightColumns = current.SwapsAxes ? current.GatherLo! : current.GatherHi!;
        int[] bottomLeftColumns = current.SwapsAxes ? current.GatherHi! : current.GatherLo!;
        fixed (byte* data = image.Data)
        fixed (int* lo = current.GatherLo, hi = current.GatherHi, trCols = topRightColumns, blCols = bottomLeftColumns)
        fixed (float* tl = _topLeft, tr = _topRight, bl = _bottomLeft, br = _bottomRight)
        {
            foreach (RowSegment segment in current.Segments)
            {
                int end = segment.Start + segment.Count;
                int e = segment.Start;
                for (; e <= end - Vector256<int>.Count; e += Vector256<int>.Count)
                {
                    Avx.Store(tl + e, Gather(data + rowLo, lo + e));
                    Avx.Store(tr + e, Gather(data + topRightColumnRow, trCols + e));
                    Avx.Store(bl + e, Gather(data + bottomLeftColumnRow, blCols + e));
                    Avx.Store(br + e, Gather(data + rowHi, hi + e));
                }

                for (; e < end; e++)
                {
                    tl[e] = data[rowLo + lo[e]];
                    tr[e] = data[topRightColumnRow + trCols[e]];
                    bl[e] = data[bottomLeftColumnRow + blCols[e]];
                    br[e] = data[rowHi + hi[e]];
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<float> Gather(byte* rowBase, int* offsets)
    {
        Vector256<int> words = Avx2.GatherVector256((int*)rowBase, Avx.LoadVector256(offsets), 1);
        return Avx.ConvertToVector256Single(Avx2.And(words, Vector256.Create(0xFF)));
    }

    /// <summary>
    /// TFLite's bilinear blend, truncated toward zero: tl·(1-dy)·(1-dx) + bl·dy·(1-dx) + tr·(1-dy)·dx + br·dy·dx.
    /// </summary>
    private void Blend(SamplingPlan current, RowSegment segment, float rowWeight)
    {
        ref float tl = ref MemoryMarshal.GetArrayDataReference(_topLeft);
        ref float tr = ref MemoryMarshal.GetArrayDataReference(_topRight);
        ref float bl = ref MemoryMarshal.GetArrayDataReference(_bottomLeft);
        ref float br = ref MemoryMarshal.GetArrayDataReference(_bottomRight);
        ref float columnWeight = ref MemoryMarshal.GetArrayDataReference(current.ElementColumnWeight);
        ref int output = ref MemoryMarshal.GetArrayDataReference(_truncated);
        bool swaps = current.SwapsAxes;
        Vector128<float> one = Vector128.Create(1f);
        Vector128<float> rowWeights = Vector128.Create(rowWeight);
        int end = segment.Start + segment.Count;
        int e = segment.Start;
        for (; e <= end - Vector128<float>.Count; e += Vector128<float>.Count)
        {
            Vector128<float> columnWeights = Vector128.LoadUnsafe(ref columnWeight, (nuint)e);
            Vector128<float> dx = swaps ? rowWeights : columnWeights;
            Vector128<float> dy = swaps ? columnWeights : rowWeights;
            Vector128<float> oneMinusDx = one - dx;
            Vector128<float> oneMinusDy = one - dy;
            Vector128<float> value = (Vector128.LoadUnsafe(ref tl, (nuint)e) * oneMinusDy * oneMinusDx)
                + (Vector128.LoadUnsafe(ref bl, (nuint)e) * dy * oneMinusDx)
                + (Vector128.LoadUnsafe(ref tr, (nuint)e) * oneMinusDy * dx)
                + (Vector128.LoadUnsafe(ref br, (nuint)e) * dy * dx);
            Vector128.ConvertToInt32(value).StoreUnsafe(ref output, (nuint)e);
        }

        for (; e < end; e++)
        {
            float dx = swaps ? rowWeight : Unsafe.Add(ref columnWeight, e);
            float dy = swaps ? Unsafe.Add(ref columnWeight, e) : rowWeight;
            float value = (Unsafe.Add(ref tl, e) * (1f - dy) * (1f - dx))
                + (Unsafe.Add(ref bl, e) * dy * (1f - dx))
                + (Unsafe.Add(ref tr, e) * (1f - dy) * dx)
                + (Unsafe.Add(ref br, e) * dy * dx);
            Unsafe.Add(ref output, e) = (int)value;
        }
    }

    private static void NarrowToBytes(ReadOnlySpan<int> values, Span<byte> destination)
    {
        ref int source = ref MemoryMarshal.GetReference(values);
        ref byte target = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        for (; i <= values.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
        {
            Vector128<short> low = Vector128.Narrow(Vector128.LoadUnsafe(ref source, (nuint)i), Vector128.LoadUnsafe(ref source, (nuint)(i + 4)));
            Vector128<short> high = Vector128.Narrow(Vector128.LoadUnsafe(ref source, (nuint)(i + 8)), Vector128.LoadUnsafe(ref source, (nuint)(i + 12)));
            Vector128.Narrow(low.AsUInt16(), high.AsUInt16()).StoreUnsafe(ref target, (nuint)i);
        }

        for (; i < values.Length; i++)
        {
            Unsafe.Add(ref target, i) = (byte)Unsafe.Add(ref source, i);
        }
    }

    private void Normalise(SamplingPlan current, RowSegment segment, Span<float> destination)
    {
        ref int source = ref MemoryMarshal.GetArrayDataReference(_truncated);
        ref float mean = ref MemoryMarshal.GetArrayDataReference(current.ElementMean);
        ref float std = ref MemoryMarshal.GetArrayDataReference(current.ElementStd);
        ref float target = ref MemoryMarshal.GetReference(destination);
        int e = segment.Start;
        int end = segment.Start + segment.Count;
        int i = 0;
        for (; e <= end - Vector128<float>.Count; e += Vector128<float>.Count, i += Vector128<float>.Count)
        {
            Vector128<float> value = Vector128.ConvertToSingle(Vector128.LoadUnsafe(ref source, (nuint)e));
            ((value - Vector128.LoadUnsafe(ref mean, (nuint)e)) / Vector128.LoadUnsafe(ref std, (nuint)e)).StoreUnsafe(ref target, (nuint)i);
        }

        for (; e < end; e++, i++)
        {
            Unsafe.Add(ref target, i) = ((byte)Unsafe.Add(ref source, e) - Unsafe.Add(ref mean, e)) / Unsafe.Add(ref std, e);
        }
    }

    /// <summary>Letterbox padding is black, normalised like any other pixel.</summary>
    private void FillPadding(Span<float> tensor)
    {
        int planeSize = _spec.Width * _spec.Height;
        for (int c = 0; c < 3; c++)
        {
            float black = (0f - _spec.Mean[c]) / _spec.Std[c];
            if (_spec.Layout == TensorLayout.Nchw)
            {
                tensor.Slice(c * planeSize, planeSize).Fill(black);
            }
            else
            {
                for (int i = c; i < tensor.Length; i += 3)
                {
                    tensor[i] = black;
                }
            }
        }
    }
}
