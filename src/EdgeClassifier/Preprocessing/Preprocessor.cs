using EdgeClassifier.Hardware.Camera;
using System.Runtime.CompilerServices;

namespace EdgeClassifier.Preprocessing;

/// <summary>
/// Hot path: camera pixels → model input in one pass, allocation-free after the first frame of a given size. Per
/// output row, <see cref="NeighbourSampler"/> loads the few source bytes each output pixel blends (converting the
/// camera format on the way) and blends them with <see cref="System.Numerics.Vector{T}"/> arithmetic — NEON on ARM boards, AVX2 on x64, no
/// gather instructions — then <see cref="TensorRowWriter"/> stores the row in the tensor's type and layout. The result
/// equals <see cref="ReferencePreprocessor"/> byte for byte because every element goes through the same arithmetic
/// in the same order.
/// </summary>
public sealed class Preprocessor
{
    private readonly InputTensorSpec _spec;
    private readonly PreprocessOptions _options;
    private SamplingPlan? _plan;
    private NeighbourSampler? _sampler;

    /// <summary>Creates a preprocessor for one model input and one set of options.</summary>
    public Preprocessor(InputTensorSpec spec, PreprocessOptions options)
    {
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        _spec = spec;
        _options = options;
    }

    /// <summary>The model input this preprocessor fills.</summary>
    public InputTensorSpec Spec => _spec;

    /// <summary>Fills a uint8 tensor from an image.</summary>
    /// <remarks>
    /// The frame path's loops are compiled optimised at their first call (the warm-up frame), not left to tiered
    /// compilation: tier-0 code inlines none of the per-pixel helpers and ran preprocessing at up to 48 ms instead of
    /// 0.35 ms for the first seconds after start, until the background compiler got to it on a busy 2-core board —
    /// those frames missed the budget and tipped the degrade policy into skipping frames.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(ImageView image, Span<byte> tensor)
    {
        (SamplingPlan current, NeighbourSampler rows) = Prepare(image, TensorElementType.UInt8, tensor.Length);
        if (current.HasPadding)
        {
            tensor.Clear();
        }

        int count = current.ColumnEnd - current.ColumnStart;
        int stride = rows.Stride;
        for (int oy = current.RowStart; oy < current.RowEnd; oy++)
        {
            SampleRow(image, rows, oy);
            ReadOnlySpan<int> values = rows.Blended;
            if (_spec.Layout == TensorLayout.Nhwc)
            {
                Span<byte> row = tensor.Slice(((oy * _spec.Width) + current.ColumnStart) * 3, count * 3);
                TensorRowWriter.InterleaveBytes(values, values[stride..], values[(2 * stride)..], count, row);
                continue;
            }

            for (int c = 0; c < 3; c++)
            {
                TensorRowWriter.Bytes(values[(c * stride)..], tensor.Slice(PlaneStart(current, c, oy), count));
            }
        }
    }

    /// <summary>Fills a float tensor from an image with <c>(pixel - mean) / std</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(ImageView image, Span<float> tensor)
    {
        (SamplingPlan current, NeighbourSampler rows) = Prepare(image, TensorElementType.Float32, tensor.Length);
        if (current.HasPadding)
        {
            FillPadding(tensor);
        }

        int count = current.ColumnEnd - current.ColumnStart;
        bool interleaved = _spec.Layout == TensorLayout.Nhwc;
        for (int oy = current.RowStart; oy < current.RowEnd; oy++)
        {
            SampleRow(image, rows, oy);
            ReadOnlySpan<int> values = rows.Blended;
            for (int c = 0; c < 3; c++)
            {
                int start = interleaved ? (((oy * _spec.Width) + current.ColumnStart) * 3) + c : PlaneStart(current, c, oy);
                TensorRowWriter.Normalised(values[(c * rows.Stride)..], count, _spec.Mean[c], _spec.Std[c], tensor[start..], interleaved ? 3 : 1);
            }
        }
    }

    private (SamplingPlan Plan, NeighbourSampler Sampler) Prepare(ImageView image, TensorElementType type, int tensorLength)
    {
        if (_spec.ElementType != type)
        {
            throw new ArgumentException($"The model input is {_spec.ElementType}, not {type}.");
        }

        if (tensorLength != _spec.ElementCount)
        {
            throw new ArgumentException($"Tensor has {tensorLength} elements, the input needs {_spec.ElementCount}.");
        }

        if (_plan is null || _sampler is null || !_plan.Matches(image))
        {
            _plan = new SamplingPlan(image, _spec, _options);
            _sampler = new NeighbourSampler(_plan, new NeighbourTables(_plan, ByteAccess.For(image.Format, image.Stride, image.Height)));
        }

        return (_plan, _sampler);
    }

    /// <summary>Where channel <paramref name="c"/> of row <paramref name="oy"/>'s first content pixel goes (NCHW).</summary>
    private int PlaneStart(SamplingPlan current, int c, int oy) => (((c * _spec.Height) + oy) * _spec.Width) + current.ColumnStart;

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
