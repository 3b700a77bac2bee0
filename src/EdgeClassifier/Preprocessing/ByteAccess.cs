using EdgeClassifier.Hardware.Camera;

namespace EdgeClassifier.Preprocessing;

/// <summary>
/// Where one load of a pixel's bytes sits in a frame: at <see cref="Row"/>(y) + <see cref="Column"/>(x). Every
/// supported layout splits that way, so tables of one part per output column and a scalar for the other part per
/// output row address any neighbour, rotated or not. A format needs one to three loads per pixel (see
/// <see cref="For"/>); each load reads up to four bytes starting at that offset.
/// </summary>
internal readonly record struct ByteAccess(int ColumnShift, int ColumnScale, int RowBase, int RowShift, int RowStride)
{
    /// <summary>The byte offset of column <paramref name="x"/> within its row.</summary>
    public int Column(int x) => (x >> ColumnShift) * ColumnScale;

    /// <summary>The byte offset of the row holding source row <paramref name="y"/>'s bytes.</summary>
    public int Row(int y) => RowBase + ((y >> RowShift) * RowStride);

    /// <summary>The loads of one pixel, in the order the format's <see cref="INeighbourDecoder"/> expects them.</summary>
    public static ByteAccess[] For(PixelFormat format, int stride, int height)
    {
        int chromaStride = (stride + 1) / 2;
        int lumaPlane = stride * height;
        return format switch
        {
            PixelFormat.Rgb24 or PixelFormat.Bgr24 => [new(0, 3, 0, 0, stride)],
            PixelFormat.Grey => [new(0, 1, 0, 0, stride)],
            // The pair's four bytes: both lumas and the shared chroma.
            PixelFormat.Yuyv or PixelFormat.Uyvy => [new(1, 4, 0, 0, stride)],
            // Luma, then the U/V pair shared by a 2x2 block.
            PixelFormat.Nv12 => [new(0, 1, 0, 0, stride), new(1, 2, lumaPlane, 1, stride)],
            PixelFormat.Yuv420 =>
            [
                new(0, 1, 0, 0, stride),
                new(1, 1, lumaPlane, 1, chromaStride),
                new(1, 1, lumaPlane + (chromaStride * ((height + 1) / 2)), 1, chromaStride),
            ],
            _ => throw new NotSupportedException($"Pixel format {format} cannot be preprocessed; decode it first."),
        };
    }
}
