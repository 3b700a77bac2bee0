namespace EdgeClassifier.Models.Import;

/// <summary>TFLite SAME padding made explicit for ONNX, which rounds differently with auto_pad=SAME_UPPER on edge cases.</summary>
internal static class SamePadding
{
    /// <summary>ONNX <c>pads</c> [top, left, bottom, right] for a 2-D window over an NHWC input shape.</summary>
    public static long[] Pads(WindowOptions options, int[] nhwcInput, int filterH, int filterW)
    {
        if (options.Padding == TflitePadding.Valid)
        {
            return [0, 0, 0, 0];
        }

        var (top, bottom) = Split(nhwcInput[1], filterH, options.StrideH, options.DilationH);
        var (left, right) = Split(nhwcInput[2], filterW, options.StrideW, options.DilationW);
        return [top, left, bottom, right];
    }

    private static (long Before, long After) Split(int input, int filter, int stride, int dilation)
    {
        // TFLite: output = ceil(input / stride); the extra row or column, if any, goes after.
        var output = (input + stride - 1) / stride;
        var effectiveFilter = ((filter - 1) * dilation) + 1;
        var total = Math.Max(0, ((output - 1) * stride) + effectiveFilter - input);
        return (total / 2, total - (total / 2));
    }
}
