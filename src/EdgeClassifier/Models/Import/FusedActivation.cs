namespace EdgeClassifier.Models.Import;

/// <summary>
/// Applies a TFLite fused activation to an operator's real-valued result. When the output's quantized range
/// already lies inside the activation's range, quantization clamps the same way and no node is added, so ONNX
/// Runtime sees the plain DQ → op → Q pattern it fuses into an integer kernel.
/// </summary>
internal static class FusedActivation
{
    // Tolerance for comparing the float range a quantized type covers with the activation's bounds.
    private const float RangeTolerance = 1e-5f;

    public static string Apply(ConversionContext context, string result, TfliteTensor output, TfliteActivation activation, string operatorName)
    {
        var (low, high) = activation switch
        {
            TfliteActivation.None => (float.NegativeInfinity, float.PositiveInfinity),
            TfliteActivation.Relu => (0f, float.PositiveInfinity),
            TfliteActivation.Relu6 => (0f, 6f),
            TfliteActivation.ReluN1To1 => (-1f, 1f),
            _ => throw new ModelImportException(
                $"unsupported fused activation {activation} on operator {operatorName} producing tensor '{output.Name}'"),
        };

        if (activation == TfliteActivation.None || QuantizedRangeWithin(output, low, high))
        {
            return result;
        }

        if (activation == TfliteActivation.Relu)
        {
            return context.Onnx.Node("Relu", [result], $"{output.Name}_relu");
        }

        var min = context.Onnx.FloatConstant($"{output.Name}_clip_min", [low], scalar: true);
        var max = context.Onnx.FloatConstant($"{output.Name}_clip_max", [high], scalar: true);
        return context.Onnx.Node("Clip", [result, min, max], $"{output.Name}_clip");
    }

    private static bool QuantizedRangeWithin(TfliteTensor tensor, float low, float high)
    {
        if (!tensor.IsQuantized || tensor.Quantization!.IsPerAxis)
        {
            return false;
        }

        var (qMin, qMax) = tensor.Type switch
        {
            TfliteTensorType.UInt8 => (0L, 255L),
            TfliteTensorType.Int8 => (-128L, 127L),
            _ => ((long)int.MinValue, (long)int.MaxValue),
        };
        var scale = tensor.Quantization.Scales[0];
        var zeroPoint = tensor.Quantization.ZeroPoints[0];
        var realMin = scale * (qMin - zeroPoint);
        var realMax = scale * (qMax - zeroPoint);
        return realMin >= low - RangeTolerance && realMax <= high + RangeTolerance;
    }
}
