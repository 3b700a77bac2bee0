using EdgeClassifier.Hardware.Camera;

namespace EdgeClassifier.Preprocessing;

/// <summary>
/// Everything about the resampling that does not change from frame to frame, worked out once per source size and
/// format: the source neighbours and weights of every output column and row, where each channel of a column lands in
/// a tensor row, and (for 3-byte formats) byte offsets for hardware gathers.
/// </summary>
internal sealed class SamplingPlan
{
    public SamplingPlan(ImageView image, InputTensorSpec spec, PreprocessOptions options)
    {
        SourceWidth = image.Width;
        SourceHeight = image.Height;
        SourceStride = image.Stride;
        SourceFormat = image.Format;
        var geometry = SamplingGeometry.Create(image.Width, image.Height, spec.Width, spec.Height, options);
        SwapsAxes = geometry.SwapsAxes;
        AxisMapping columnAxis = SwapsAxes ? geometry.Y : geometry.X;
        AxisMapping rowAxis = SwapsAxes ? geometry.X : geometry.Y;

        int width = spec.Width;
        ColumnLo = new int[width];
        ColumnHi = new int[width];
        (ColumnStart, ColumnEnd) = (width, 0);
        ColumnWeight = new float[width];
        float[] columnWeight = ColumnWeight;
        for (int ox = 0; ox < width; ox++)
        {
            var (tx, ty) = geometry.MapOutput(ox, 0);
            int target = SwapsAxes ? ty : tx;
            AxisSample sample = columnAxis.Sample(target);
            (ColumnLo[ox], ColumnHi[ox], columnWeight[ox]) = (sample.Lo, sample.Hi, sample.Weight);
            if (columnAxis.IsContent(target))
            {
                ColumnStart = Math.Min(ColumnStart, ox);
                ColumnEnd = Math.Max(ColumnEnd, ox + 1);
            }
        }

        int height = spec.Height;
        RowLo = new int[height];
        RowHi = new int[height];
        RowWeight = new float[height];
        (RowStart, RowEnd) = (height, 0);
        for (int oy = 0; oy < height; oy++)
        {
            var (tx, ty) = geometry.MapOutput(0, oy);
            int target = SwapsAxes ? tx : ty;
            AxisSample sample = rowAxis.Sample(target);
            (RowLo[oy], RowHi[oy], RowWeight[oy]) = (sample.Lo, sample.Hi, sample.Weight);
            if (rowAxis.IsContent(target))
            {
                RowStart = Math.Min(RowStart, oy);
                RowEnd = Math.Max(RowEnd, oy + 1);
            }
        }

        HasPadding = ColumnStart > 0 || ColumnEnd < width || RowStart > 0 || RowEnd < height;

        // Element e of a tensor row holds channel c of column x: e = x * ElementStep + c * ChannelStep.
        ElementStep = spec.Layout == TensorLayout.Nhwc ? 3 : 1;
        TensorRowStride = spec.Layout == TensorLayout.Nhwc ? width * 3 : width;
        ChannelStep = spec.Layout == TensorLayout.Nhwc ? 1 : width;
        int rowElements = width * 3;
        ElementColumnWeight = new float[rowElements];
        ElementMean = new float[rowElements];
        ElementStd = new float[rowElements];
        for (int x = 0; x < width; x++)
        {
            for (int c = 0; c < 3; c++)
            {
                int e = (x * ElementStep) + (c * ChannelStep);
                ElementColumnWeight[e] = columnWeight[x];
                ElementMean[e] = spec.Mean[c];
                ElementStd[e] = spec.Std[c];
            }
        }

        Segments = spec.Layout == TensorLayout.Nhwc
            ? [new RowSegment(ColumnStart * 3, (ColumnEnd - ColumnStart) * 3, ColumnStart * 3)]
            : Enumerable.Range(0, 3)
                .Select(c => new RowSegment((c * width) + ColumnStart, ColumnEnd - ColumnStart, (c * width * height) + ColumnStart))
                .ToArray();

        if (image.Format is PixelFormat.Rgb24 or PixelFormat.Bgr24)
        {
            BuildGatherOffsets(image.Format, image.Stride, width, rowElements);
        }

        PackedYuv = PackedYuvGather.TryCreate(this, image.Format, width);
    }

    public int SourceWidth { get; }

    public int SourceHeight { get; }

    public int SourceStride { get; }

    public PixelFormat SourceFormat { get; }

    /// <summary>True when output columns walk the source y axis (90° and 270° rotations).</summary>
    public bool SwapsAxes { get; }

    public int[] ColumnLo { get; }

    public int[] ColumnHi { get; }

    public int ColumnStart { get; }

    /// <summary>The weight of each output column's high neighbour.</summary>
    public float[] ColumnWeight { get; }

    public int ColumnEnd { get; }

    public int[] RowLo { get; }

    public int[] RowHi { get; }

    public float[] RowWeight { get; }

    public int RowStart { get; }

    public int RowEnd { get; }

    /// <summary>True when letterboxing leaves output pixels that show no part of the image.</summary>
    public bool HasPadding { get; }

    public int ElementStep { get; }

    /// <summary>Distance in the tensor between the same element of two consecutive output rows.</summary>
    public int TensorRowStride { get; }

    public int ChannelStep { get; }

    /// <summary>The per-column blend weight, repeated for each channel's element of a tensor row.</summary>
    public float[] ElementColumnWeight { get; }

    public float[] ElementMean { get; }

    public float[] ElementStd { get; }

    /// <summary>The runs of a tensor row that show the image, and where the first one starts in the tensor.</summary>
    public RowSegment[] Segments { get; }

    /// <summary>Byte offset, within a source row (or column when swapped), of each element's low and high neighbour.</summary>
    public int[]? GatherLo { get; private set; }

    public int[]? GatherHi { get; private set; }

    /// <summary>Byte offset of the row (or column) part of row <c>oy</c>'s low and high neighbours.</summary>
    public int[]? RowGatherLo { get; private set; }

    public int[]? RowGatherHi { get; private set; }

    /// <summary>The vectorised gather for packed 4:2:2 frames, when it applies.</summary>
    public PackedYuvGather? PackedYuv { get; }

    /// <summary>Largest value in <see cref="GatherHi"/> (used to keep 4-byte gathers inside the buffer).</summary>
    public int MaxGather { get; private set; }

    public bool Matches(ImageView image) =>
        image.Width == SourceWidth && image.Height == SourceHeight && image.Stride == SourceStride && image.Format == SourceFormat;

    private void BuildGatherOffsets(PixelFormat format, int stride, int width, int rowElements)
    {
        int columnUnit = SwapsAxes ? stride : 3;
        int rowUnit = SwapsAxes ? 3 : stride;
        GatherLo = new int[rowElements];
        GatherHi = new int[rowElements];
        for (int x = 0; x < width; x++)
        {
            for (int c = 0; c < 3; c++)
            {
                int byteInPixel = format == PixelFormat.Bgr24 ? 2 - c : c;
                int e = (x * ElementStep) + (c * ChannelStep);
                GatherLo[e] = (ColumnLo[x] * columnUnit) + byteInPixel;
                GatherHi[e] = (ColumnHi[x] * columnUnit) + byteInPixel;
            }
        }

        MaxGather = GatherHi.Max();
        RowGatherLo = RowLo.Select(r => r * rowUnit).ToArray();
        RowGatherHi = RowHi.Select(r => r * rowUnit).ToArray();
    }
}

/// <summary>A run of <paramref name="Count"/> row elements from <paramref name="Start"/>, written to the tensor at
/// row base + <paramref name="TensorOffset"/>.</summary>
internal readonly record struct RowSegment(int Start, int Count, int TensorOffset);
