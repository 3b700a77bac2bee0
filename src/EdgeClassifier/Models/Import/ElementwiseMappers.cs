using static EdgeClassifier.Models.Import.OnnxGraphBuilder;

namespace EdgeClassifier.Models.Import;

/// <summary>Element-wise operators: ADD, MUL, LOGISTIC, HARD_SWISH, SOFTMAX, QUANTIZE and DEQUANTIZE.</summary>
internal static class ElementwiseMappers
{
    public static void Add(ConversionContext context, TfliteOperator op) => Binary(context, op, "Add");

    public static void Mul(ConversionContext context, TfliteOperator op) => Binary(context, op, "Mul");

    public static void Logistic(ConversionContext context, TfliteOperator op) =>
        Unary(context, op, (input, name) => context.Onnx.Node("Sigmoid", [input], name));

    /// <summary>x · relu6(x + 3) / 6, written as x · HardSigmoid(x) because opset 13 has no HardSwish.</summary>
    public static void HardSwish(ConversionContext context, TfliteOperator op) => Unary(context, op, (input, name) =>
    {
        var gate = context.Onnx.Node("HardSigmoid", [input], $"{name}_gate", Attribute("alpha", 1f / 6f), Attribute("beta", 0.5f));
        return context.Onnx.Node("Mul", [input, gate], name);
    });

    /// <summary>QUANTIZE (float → integer, or integer → integer with new parameters) and DEQUANTIZE both pass the real value on.</summary>
    public static void Requantize(ConversionContext context, TfliteOperator op) => Unary(context, op, (input, _) => input);

    public static void Softmax(ConversionContext context, TfliteOperator op)
    {
        var output = context.Tensor(op.Outputs[0]);
        var logits = context.Float(op.Inputs[0], TensorLayout.Native);
        var beta = TfliteOptions.SoftmaxBeta(op.Options);
        if (beta != 1f)
        {
            var betaName = context.Onnx.FloatConstant($"{output.Name}_beta", [beta], scalar: true);
            logits = context.Onnx.Node("Mul", [logits, betaName], $"{output.Name}_scaled");
        }

        var result = context.Onnx.Node("Softmax", [logits], $"{output.Name}_softmax", Attribute("axis", -1L));
        context.StoreFloat(op.Outputs[0], result, TensorLayout.Native, TfliteActivation.None, op.DisplayName);
    }

    private static void Unary(ConversionContext context, TfliteOperator op, Func<string, string, string> apply)
    {
        var layout = context.PreferredLayout(op.Inputs[0]);
        var output = context.Tensor(op.Outputs[0]);
        var result = apply(context.Float(op.Inputs[0], layout), $"{output.Name}_{op.DisplayName.ToLowerInvariant()}");
        context.StoreFloat(op.Outputs[0], result, layout, TfliteActivation.None, op.DisplayName);
    }

    private static void Binary(ConversionContext context, TfliteOperator op, string onnxOperator)
    {
        // Work channels first only if every computed operand is 4-D; constants are broadcast to match.
        var computed = op.Inputs.Where(i => !context.Tensor(i).IsConstant).ToArray();
        var layout = computed.Length > 0 && computed.All(i => context.PreferredLayout(i) == TensorLayout.ChannelsFirst)
            ? TensorLayout.ChannelsFirst
            : TensorLayout.Native;
        var output = context.Tensor(op.Outputs[0]);
        var result = context.Onnx.Node(
            onnxOperator,
            op.Inputs.Select(i => context.Float(i, layout)),
            $"{output.Name}_{onnxOperator.ToLowerInvariant()}");
        context.StoreFloat(op.Outputs[0], result, layout, TfliteOptions.ActivationAtField0(op.Options), op.DisplayName);
    }
}
