using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace EdgeClassifier.Models.Import;

/// <summary>
/// Converts the main subgraph of a TFLite model to an ONNX graph: input <c>input</c> as TFLite has it (NHWC),
/// output <c>output</c> as float32 (the last quantized tensor dequantized), QDQ in between.
/// </summary>
internal static class TfliteGraphConverter
{
    public const string InputName = "input";
    public const string OutputName = "output";

    private delegate void OperatorMapper(ConversionContext context, TfliteOperator op);

    private static readonly Dictionary<TfliteOperatorCode, OperatorMapper> Mappers = new()
    {
        [TfliteOperatorCode.Conv2D] = WeightedMappers.Conv2D,
        [TfliteOperatorCode.DepthwiseConv2D] = WeightedMappers.DepthwiseConv2D,
        [TfliteOperatorCode.FullyConnected] = WeightedMappers.FullyConnected,
        [TfliteOperatorCode.AveragePool2D] = PoolingMappers.AveragePool2D,
        [TfliteOperatorCode.MaxPool2D] = PoolingMappers.MaxPool2D,
        [TfliteOperatorCode.Mean] = PoolingMappers.Mean,
        [TfliteOperatorCode.Add] = ElementwiseMappers.Add,
        [TfliteOperatorCode.Mul] = ElementwiseMappers.Mul,
        [TfliteOperatorCode.Logistic] = ElementwiseMappers.Logistic,
        [TfliteOperatorCode.HardSwish] = ElementwiseMappers.HardSwish,
        [TfliteOperatorCode.Softmax] = ElementwiseMappers.Softmax,
        [TfliteOperatorCode.Quantize] = ElementwiseMappers.Requantize,
        [TfliteOperatorCode.Dequantize] = ElementwiseMappers.Requantize,
        [TfliteOperatorCode.Reshape] = ShapeMappers.Reshape,
        [TfliteOperatorCode.Squeeze] = ShapeMappers.Reshape,
        [TfliteOperatorCode.Pad] = ShapeMappers.Pad,
        [TfliteOperatorCode.Concatenation] = ShapeMappers.Concatenation,
    };

    /// <summary>Builds the ONNX graph of <paramref name="model"/>; errors name <paramref name="fileName"/>.</summary>
    public static OnnxGraphBuilder Convert(TfliteModel model, string fileName)
    {
        try
        {
            return ConvertGraph(model, Path.GetFileNameWithoutExtension(fileName));
        }
        catch (ModelImportException ex)
        {
            throw new ModelImportException($"{fileName}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The model input as the ONNX graph offers it: an int8 input becomes uint8 with its zero point moved by 128
    /// (the same real values), so that every quantized classifier takes raw image bytes.
    /// </summary>
    public static TfliteTensor OfferedInput(TfliteTensor input) =>
        input.Type == TfliteTensorType.Int8 && input.Quantization is { IsPerAxis: false } q
            ? input with { Type = TfliteTensorType.UInt8, Quantization = q with { ZeroPoints = [q.ZeroPoints[0] + 128] } }
            : input;

    private static OnnxGraphBuilder ConvertGraph(TfliteModel model, string graphName)
    {
        if (model.Inputs.Length != 1 || model.Outputs.Length != 1)
        {
            throw new ModelImportException(
                $"the model has {model.Inputs.Length} inputs and {model.Outputs.Length} outputs; an image classifier has one of each");
        }

        var onnx = new OnnxGraphBuilder(graphName);
        var context = new ConversionContext(model, onnx);
        var input = model.Tensors[model.Inputs[0]];
        var offered = OfferedInput(input);
        onnx.AddInput(InputName, ConversionContext.OnnxType(offered), offered.Shape);
        if (offered == input)
        {
            context.StoreRaw(input.Index, InputName, TensorLayout.Native);
        }
        else
        {
            var real = context.ToFloat(InputName, offered, 0, $"{InputName}_dq");
            context.StoreFloat(input.Index, real, TensorLayout.Native, TfliteActivation.None, "model input");
        }

        foreach (var op in model.Operators)
        {
            var output = op.Outputs.Length > 0 ? model.Tensors[op.Outputs[0]].Name : "(none)";
            if (op.CustomCode is not null || !Mappers.TryGetValue(op.Code, out var map))
            {
                throw new ModelImportException($"unsupported TFLite operator {op.DisplayName} producing tensor '{output}'");
            }

            OperatorInputCheck.Check(model, op);
            map(context, op);
        }

        var result = model.Tensors[model.Outputs[0]];
        if (result.Shape.LastOrDefault(1) < 1)
        {
            throw new ModelImportException(
                $"the output tensor '{result.Name}' has shape {TfliteStructureCheck.Describe(result.Shape)}; a classifier has at least one class");
        }

        var raw = context.Raw(result.Index, TensorLayout.Native);
        context.ToFloat(raw, result, result.Quantization?.Axis ?? 0, OutputName, reservedName: true);
        onnx.AddOutput(OutputName, DataType.Float, result.Shape);
        return onnx;
    }
}
