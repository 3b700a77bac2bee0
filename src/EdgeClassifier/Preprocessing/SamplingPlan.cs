using EdgeClassifier.Hardware.Camera;

namespace EdgeClassifier.Preprocessing;

/// <summary>
/// Everything about the resampling that does not change from frame to frame, worked out once per source size and
/// format: the source neighbours and weights of every output column and row, and which of them show the image.
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
        for (int ox = 0; ox < width; ox++)
        {
            var (tx, ty) = geometry.MapOutput(ox, 0);
            int target = SwapsAxes ? ty : tx;
            AxisSample sample = columnAxis.Sample(target);
            (ColumnLo[ox], ColumnHi[ox], ColumnWeight[ox]) = (sample.Lo, sample.Hi, sample.Weight);
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

    public bool Matches(ImageView image) =>
        image.Width == SourceWidth && image.Height == SourceHeight && image.Stride == SourceStride && image.Format == SourceFormat;
}
