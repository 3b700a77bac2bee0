namespace EdgeClassifier.Models.Import;

/// <summary>
/// Window options shared by convolutions and pools (TFLite Conv2DOptions, DepthwiseConv2DOptions, Pool2DOptions).
/// Only pools carry their filter size here; convolutions take it from their weights' shape.
/// </summary>
internal sealed record WindowOptions(
    TflitePadding Padding,
    int StrideH,
    int StrideW,
    int DilationH,
    int DilationW,
    int FilterH,
    int FilterW,
    TfliteActivation Activation)
{
    /// <summary>Conv2DOptions: padding 0, stride_w 1, stride_h 2, activation 3, dilation_w 4, dilation_h 5.</summary>
    public static WindowOptions Conv(FlatTable? t) => new(
        (TflitePadding)Get(t, 0), Stride(t, 2), Stride(t, 1), Stride(t, 5), Stride(t, 4), 0, 0, (TfliteActivation)Get(t, 3));

    /// <summary>DepthwiseConv2DOptions: as Conv2D with depth_multiplier 3 in between (activation 4, dilations 5 and 6).</summary>
    public static WindowOptions Depthwise(FlatTable? t) => new(
        (TflitePadding)Get(t, 0), Stride(t, 2), Stride(t, 1), Stride(t, 6), Stride(t, 5), 0, 0, (TfliteActivation)Get(t, 4));

    /// <summary>Pool2DOptions: padding 0, stride_w 1, stride_h 2, filter_width 3, filter_height 4, activation 5.</summary>
    public static WindowOptions Pool(FlatTable? t) => new(
        (TflitePadding)Get(t, 0), Stride(t, 2), Stride(t, 1), 1, 1, t?.GetInt(4) ?? 1, t?.GetInt(3) ?? 1, (TfliteActivation)Get(t, 5));

    private static sbyte Get(FlatTable? t, int field) => t?.GetSByte(field) ?? 0;

    // Strides and dilations default to 1 in the schema; 0 would mean a malformed file, so treat it as 1.
    private static int Stride(FlatTable? t, int field) => Math.Max(1, t?.GetInt(field, 1) ?? 1);
}

/// <summary>Reads the single-purpose option fields of the other mapped operators.</summary>
internal static class TfliteOptions
{
    /// <summary>AddOptions, MulOptions and FullyConnectedOptions keep the fused activation in field 0.</summary>
    public static TfliteActivation ActivationAtField0(FlatTable? t) => (TfliteActivation)(t?.GetSByte(0) ?? 0);

    /// <summary>ConcatenationOptions: axis 0, activation 1.</summary>
    public static (int Axis, TfliteActivation Activation) Concatenation(FlatTable? t) =>
        (t?.GetInt(0) ?? 0, (TfliteActivation)(t?.GetSByte(1) ?? 0));

    /// <summary>SoftmaxOptions: beta 0.</summary>
    public static float SoftmaxBeta(FlatTable? t) => t?.GetFloat(0, 1f) ?? 1f;

    /// <summary>ReducerOptions (MEAN): keep_dims 0.</summary>
    public static bool KeepDims(FlatTable? t) => t?.GetBool(0) ?? false;
}
