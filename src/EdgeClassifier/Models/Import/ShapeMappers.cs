using static EdgeClassifier.Models.Import.OnnxGraphBuilder;

namespace EdgeClassifier.Models.Import;

/// <summary>Operators that move values without changing them: RESHAPE, SQUEEZE, PAD and CONCATENATION.</summary>
internal static class ShapeMappers
{
    /// <summary>RESHAPE and SQUEEZE: the output tensor's static shape says everything, whatever the options hold.</summary>
    public static void Reshape(ConversionContext context, TfliteOperator op)
    {
        var output = context.Tensor(op.Outputs[0]);
        RequireSameQuantization(context, op);
        var shape = context.Onnx.Int64Constant($"{output.Name}_shape", [.. output.Shape.Select(d => (long)d)]);
        var result = context.Onnx.Node("Reshape", [context.Raw(op.Inputs[0], TensorLayout.Native), shape], output.Name);
        context.StoreRaw(op.Outputs[0], result, TensorLayout.Native);
    }

    /// <summary>PAD with the value that stands for real zero, on the stored values.</summary>
    public static void Pad(ConversionContext context, TfliteOperator op)
    {
        var input = context.Tensor(op.Inputs[0]);
        var output = context.Tensor(op.Outputs[0]);
        RequireSameQuantization(context, op);
        var paddings = PoolingMappers.ConstantInts(context.Tensor(op.Inputs[1]));
        if (paddings.Length != 2 * input.Rank)
        {
            throw new ModelImportException(
                $"operator {op.DisplayName} producing tensor '{output.Name}' has {paddings.Length} padding values for an input of rank {input.Rank}; it needs {2 * input.Rank}");
        }

        var layout = context.PreferredLayout(op.Inputs[0]);

        // TFLite paddings are [rank, 2] (before, after) per NHWC axis; ONNX wants all befores, then all afters.
        var order = layout == TensorLayout.ChannelsFirst ? LayoutPermutation.ToChannelsFirst : Enumerable.Range(0, input.Rank).ToArray();
        long[] pads = [.. order.Select(axis => (long)paddings[2 * axis]), .. order.Select(axis => (long)paddings[(2 * axis) + 1])];
        var result = context.Onnx.Node(
            "Pad",
            [context.Raw(op.Inputs[0], layout), context.Onnx.Int64Constant($"{output.Name}_pads", pads), context.ZeroValue(op.Inputs[0])],
            output.Name);
        context.StoreRaw(op.Outputs[0], result, layout);
    }

    public static void Concatenation(ConversionContext context, TfliteOperator op)
    {
        var output = context.Tensor(op.Outputs[0]);
        var (axis, activation) = TfliteOptions.Concatenation(op.Options);
        axis = PoolingMappers.Axis(axis, output, op);
        var layout = op.Inputs.All(i => context.PreferredLayout(i) == TensorLayout.ChannelsFirst)
            ? TensorLayout.ChannelsFirst
            : TensorLayout.Native;
        var onnxAxis = layout == TensorLayout.ChannelsFirst ? LayoutPermutation.ChannelsFirstAxis(axis) : axis;
        var result = context.Onnx.Node(
            "Concat",
            op.Inputs.Select(i => context.Float(i, layout)),
            $"{output.Name}_concat",
            Attribute("axis", onnxAxis));
        context.StoreFloat(op.Outputs[0], result, layout, activation, op.DisplayName);
    }

    private static void RequireSameQuantization(ConversionContext context, TfliteOperator op)
    {
        var input = context.Tensor(op.Inputs[0]);
        var output = context.Tensor(op.Outputs[0]);
        var same = input.Type == output.Type
            && (input.Quantization, output.Quantization) switch
            {
                (null, null) => true,
                ({ } a, { } b) => a.Scales.SequenceEqual(b.Scales) && a.ZeroPoints.SequenceEqual(b.ZeroPoints),
                _ => false,
            };
        if (!same)
        {
            throw new ModelImportException(
                $"operator {op.DisplayName} producing tensor '{output.Name}' changes quantization or type, which the importer does not support");
        }
    }
}
