using static EdgeClassifier.Models.Import.OnnxGraphBuilder;

namespace EdgeClassifier.Models.Import;

/// <summary>Reducing operators: AVERAGE_POOL_2D, MAX_POOL_2D and MEAN.</summary>
internal static class PoolingMappers
{
    public static void AveragePool2D(ConversionContext context, TfliteOperator op) => Pool(context, op, "AveragePool");

    public static void MaxPool2D(ConversionContext context, TfliteOperator op) => Pool(context, op, "MaxPool");

    public static void Mean(ConversionContext context, TfliteOperator op)
    {
        var input = context.Tensor(op.Inputs[0]);
        var output = context.Tensor(op.Outputs[0]);
        var axes = ConstantInts(context.Tensor(op.Inputs[1])).Select(a => Axis(a, input, op)).Distinct().Order().ToArray();
        var keepDims = TfliteOptions.KeepDims(op.Options);

        // Reduce channels first, unless dropping axes would leave the rest in another order than NHWC's.
        var layout = context.PreferredLayout(op.Inputs[0]);
        if (layout == TensorLayout.ChannelsFirst && !keepDims && !KeptAxesStayInOrder(axes))
        {
            layout = TensorLayout.Native;
        }

        var onnxAxes = layout == TensorLayout.ChannelsFirst ? axes.Select(LayoutPermutation.ChannelsFirstAxis) : axes;
        var result = context.Onnx.Node(
            "ReduceMean",
            [context.Float(op.Inputs[0], layout)],
            $"{output.Name}_mean",
            Attribute("axes", onnxAxes.Select(a => (long)a)),
            Attribute("keepdims", keepDims ? 1L : 0L));
        context.StoreFloat(op.Outputs[0], result, keepDims ? layout : TensorLayout.Native, TfliteActivation.None, op.DisplayName);
    }

    /// <summary>The values of a constant INT32 tensor (axes, shapes, paddings).</summary>
    public static int[] ConstantInts(TfliteTensor tensor)
    {
        if (!tensor.IsConstant || tensor.Type != TfliteTensorType.Int32)
        {
            throw new ModelImportException($"tensor '{tensor.Name}' must be a constant INT32 tensor");
        }

        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(tensor.Data.AsSpan()).ToArray();
    }

    /// <summary>An axis of <paramref name="tensor"/> as the file gives it (negative counts from the end), made non-negative.</summary>
    public static int Axis(int axis, TfliteTensor tensor, TfliteOperator op)
    {
        if (axis < -tensor.Rank || axis >= tensor.Rank)
        {
            throw new ModelImportException(
                $"operator {op.DisplayName} names axis {axis} of tensor '{tensor.Name}', whose shape {TfliteStructureCheck.Describe(tensor.Shape)} has no such axis");
        }

        return axis < 0 ? axis + tensor.Rank : axis;
    }

    private static bool KeptAxesStayInOrder(int[] reducedAxes)
    {
        var kept = LayoutPermutation.ToChannelsFirst.Where(a => !reducedAxes.Contains(a)).ToArray();
        return kept.SequenceEqual(kept.Order());
    }

    private static void Pool(ConversionContext context, TfliteOperator op, string onnxOperator)
    {
        var options = WindowOptions.Pool(op.Options);
        if (options.FilterH < 1 || options.FilterW < 1)
        {
            throw new ModelImportException($"operator {op.DisplayName} has a {options.FilterH}x{options.FilterW} filter");
        }

        var input = context.Tensor(op.Inputs[0]);
        var output = context.Tensor(op.Outputs[0]);
        var result = context.Onnx.Node(
            onnxOperator,
            [context.Float(op.Inputs[0], TensorLayout.ChannelsFirst)],
            $"{output.Name}_pool",
            Attribute("kernel_shape", [options.FilterH, options.FilterW]),
            Attribute("strides", [options.StrideH, options.StrideW]),
            Attribute("pads", SamePadding.Pads(options, input.Shape, options.FilterH, options.FilterW)));
        context.StoreFloat(op.Outputs[0], result, TensorLayout.ChannelsFirst, options.Activation, op.DisplayName);
    }
}
