using static EdgeClassifier.Models.Import.OnnxGraphBuilder;

namespace EdgeClassifier.Models.Import;

/// <summary>Operators with weights: CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED.</summary>
internal static class WeightedMappers
{
    /// <summary>TFLite depthwise weights [1, H, W, C·M] → ONNX grouped-conv weights [C·M, 1, H, W].</summary>
    private static readonly int[] DepthwiseToGroupedConv = [3, 0, 1, 2];

    public static void Conv2D(ConversionContext context, TfliteOperator op)
    {
        // TFLite conv weights are OHWI; the NHWC → NCHW permutation turns them into ONNX's OIHW.
        var weights = context.Tensor(op.Inputs[1]);
        Convolution(context, op, WindowOptions.Conv(op.Options), LayoutPermutation.ToChannelsFirst, weights.Shape[1], weights.Shape[2], group: 1);
    }

    public static void DepthwiseConv2D(ConversionContext context, TfliteOperator op)
    {
        var weights = context.Tensor(op.Inputs[1]);
        var inputChannels = context.Tensor(op.Inputs[0]).Shape[3];
        Convolution(context, op, WindowOptions.Depthwise(op.Options), DepthwiseToGroupedConv, weights.Shape[1], weights.Shape[2], inputChannels);
    }

    public static void FullyConnected(ConversionContext context, TfliteOperator op)
    {
        var inputTensor = context.Tensor(op.Inputs[0]);
        var weights = context.Tensor(op.Inputs[1]);
        var output = context.Tensor(op.Outputs[0]);
        var depth = weights.Shape[1];

        // TFLite flattens every leading dimension into the batch; Gemm wants exactly [batch, depth].
        var raw = context.Raw(op.Inputs[0], TensorLayout.Native);
        if (inputTensor.Rank != 2)
        {
            var shape = context.Onnx.Int64Constant($"{inputTensor.Name}_2d_shape", [-1, depth]);
            raw = context.Onnx.Node("Reshape", [raw, shape], $"{inputTensor.Name}_2d");
        }

        List<string> inputs =
        [
            context.ToFloat(raw, inputTensor, inputTensor.Quantization?.Axis ?? 0, $"{inputTensor.Name}_dq"),
            context.FloatConstant(op.Inputs[1], [0, 1]),
        ];
        AddBias(context, op, inputs);
        var result = context.Onnx.Node("Gemm", inputs, $"{output.Name}_gemm", Attribute("transB", 1L));
        if (output.Rank != 2)
        {
            var shape = context.Onnx.Int64Constant($"{output.Name}_shape", [.. output.Shape.Select(d => (long)d)]);
            result = context.Onnx.Node("Reshape", [result, shape], $"{output.Name}_reshaped");
        }

        context.StoreFloat(op.Outputs[0], result, TensorLayout.Native, TfliteOptions.ActivationAtField0(op.Options), op.DisplayName);
    }

    private static void Convolution(
        ConversionContext context, TfliteOperator op, WindowOptions options, int[] weightPermutation, int filterH, int filterW, int group)
    {
        var input = context.Tensor(op.Inputs[0]);
        var output = context.Tensor(op.Outputs[0]);
        List<string> inputs =
        [
            context.Float(op.Inputs[0], TensorLayout.ChannelsFirst),
            context.FloatConstant(op.Inputs[1], weightPermutation),
        ];
        AddBias(context, op, inputs);
        var result = context.Onnx.Node(
            "Conv",
            inputs,
            $"{output.Name}_conv",
            Attribute("kernel_shape", [filterH, filterW]),
            Attribute("strides", [options.StrideH, options.StrideW]),
            Attribute("dilations", [options.DilationH, options.DilationW]),
            Attribute("pads", SamePadding.Pads(options, input.Shape, filterH, filterW)),
            Attribute("group", group));
        context.StoreFloat(op.Outputs[0], result, TensorLayout.ChannelsFirst, options.Activation, op.DisplayName);
    }

    private static void AddBias(ConversionContext context, TfliteOperator op, List<string> inputs)
    {
        if (op.Inputs.Length > 2 && op.Inputs[2] >= 0)
        {
            inputs.Add(context.Float(op.Inputs[2], TensorLayout.Native));
        }
    }
}
