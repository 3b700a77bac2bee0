using System.Globalization;
using EdgeClassifier.Preprocessing;
using Microsoft.ML.OnnxRuntime;
using OrtElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;

namespace EdgeClassifier.Inference;

/// <summary>
/// Reads a <see cref="ModelContract"/> from a loaded session: the image input (name, size, uint8 or float, NHWC or
/// NCHW), normalisation, the score output, and the labels, checking that they all fit together.
/// </summary>
public static class ModelContractReader
{
    /// <summary>Reads and checks the contract; every problem is a <see cref="ModelLoadException"/> naming the file.</summary>
    public static ModelContract Read(InferenceSession session, string modelPath, ModelOptions options)
    {
        IReadOnlyDictionary<string, string> metadata = session.ModelMetadata.CustomMetadataMap;
        var (inputName, spec, inputShape) = ReadInput(session, modelPath, options);
        var (outputName, output) = session.OutputMetadata.First();

        if (output.ElementDataType != OrtElementType.Float)
        {
            throw new ModelLoadException($"{modelPath}: output '{outputName}' is {output.ElementDataType}; a classifier must output float32 scores.");
        }

        long[] outputShape = output.Dimensions.Select((d, i) => i == 0 && d <= 0 ? 1L : d).ToArray();
        if (outputShape.Any(d => d <= 0))
        {
            throw new ModelLoadException($"{modelPath}: output '{outputName}' has a dynamic size [{string.Join(",", output.Dimensions)}]; the class count must be fixed.");
        }

        long classCount = outputShape.Aggregate(1L, (a, b) => a * b);
        string labelsPath = LabelsFile.Locate(modelPath, options.Labels, metadata.GetValueOrDefault("labels"));
        string[] labels = LabelsFile.Read(labelsPath);
        if (labels.Length != classCount)
        {
            throw new ModelLoadException(
                $"{labelsPath}: {labels.Length} labels, but model {Path.GetFileName(modelPath)} has {classCount} outputs; the counts must match (line i names output i).");
        }

        OutputKind outputKind = options.OutputKind == OutputKind.Auto ? OutputKindDetector.Detect(modelPath, outputName) : options.OutputKind;
        return new ModelContract(
            modelPath, inputName, spec, inputShape, outputName, outputShape, labels, labelsPath, outputKind, metadata);
    }

    /// <summary>
    /// Reads and checks the image input alone (name, tensor spec with normalisation, shape), for callers that use a
    /// model's input without its classifier output, such as a training backbone.
    /// </summary>
    public static (string Name, InputTensorSpec Spec, long[] Shape) ReadInput(InferenceSession session, string modelPath, ModelOptions options)
    {
        IReadOnlyDictionary<string, string> metadata = session.ModelMetadata.CustomMetadataMap;
        var (inputName, input) = session.InputMetadata.Count == 1
            ? session.InputMetadata.First()
            : throw new ModelLoadException($"{modelPath}: expected one image input, the model has {session.InputMetadata.Count} inputs.");

        TensorElementType elementType = input.ElementDataType switch
        {
            OrtElementType.UInt8 => TensorElementType.UInt8,
            OrtElementType.Float => TensorElementType.Float32,
            var other => throw NotAnImage(modelPath, inputName, input, $"its element type is {other}, not uint8 or float32"),
        };

        int[] dims = input.Dimensions;
        if (!input.IsTensor || dims.Length != 4)
        {
            throw NotAnImage(modelPath, inputName, input, "it is not a 4-dimensional tensor");
        }

        TensorLayout layout = options.Layout ?? InferLayout(modelPath, inputName, input, metadata);
        (int heightDim, int widthDim, int channelDim) = layout == TensorLayout.Nhwc ? (1, 2, 3) : (2, 3, 1);
        if (dims[channelDim] != 3)
        {
            throw NotAnImage(modelPath, inputName, input, $"with layout {layout} it has {dims[channelDim]} channels, not 3");
        }

        int height = SpatialSize(modelPath, dims[heightDim], options.Height, "Height");
        int width = SpatialSize(modelPath, dims[widthDim], options.Width, "Width");
        var (mean, std) = elementType == TensorElementType.Float32
            ? Normalisation(modelPath, options, metadata)
            : ([0f, 0f, 0f], [1f, 1f, 1f]);
        var spec = new InputTensorSpec(width, height, layout, elementType, mean, std);
        long[] inputShape = layout == TensorLayout.Nhwc ? [1, height, width, 3] : [1, 3, height, width];
        return (inputName, spec, inputShape);
    }

    private static TensorLayout InferLayout(string modelPath, string inputName, NodeMetadata input, IReadOnlyDictionary<string, string> metadata)
    {
        int[] dims = input.Dimensions;
        bool channelsLast = dims[3] == 3;
        bool channelsFirst = dims[1] == 3;
        if (channelsLast != channelsFirst)
        {
            return channelsLast ? TensorLayout.Nhwc : TensorLayout.Nchw;
        }

        if (metadata.TryGetValue("input_layout", out string? declared) && Enum.TryParse(declared, ignoreCase: true, out TensorLayout layout))
        {
            return layout;
        }

        throw channelsLast
            ? new ModelLoadException($"{modelPath}: input '{inputName}' {Shape(input)} has 3 on both channel axes; set Model:Layout to nhwc or nchw.")
            : NotAnImage(modelPath, inputName, input, "neither axis 1 nor axis 3 has 3 colour channels");
    }

    private static int SpatialSize(string modelPath, int dimension, int? configured, string key)
    {
        if (dimension > 0)
        {
            return dimension;
        }

        return configured ?? throw new ModelLoadException(
            $"{modelPath}: the input {key.ToLowerInvariant()} is dynamic; set Model:{key} to the size the model was trained on.");
    }

    private static (float[] Mean, float[] Std) Normalisation(string modelPath, ModelOptions options, IReadOnlyDictionary<string, string> metadata)
    {
        float[]? mean = options.Mean is { Length: > 0 } m ? m : ParseList(modelPath, metadata, "input_mean");
        float[]? std = options.Std is { Length: > 0 } s ? s : ParseList(modelPath, metadata, "input_std");
        if (mean is null || std is null)
        {
            throw new ModelLoadException(
                $"{modelPath}: float input with no normalisation: set Model:Mean and Model:Std (e.g. 127.5 and 127.5 for MobileNet), " +
                "or add 'input_mean' and 'input_std' to the model's metadata_props.");
        }

        return (Expand(modelPath, mean, "mean"), Expand(modelPath, std, "std"));
    }

    private static float[]? ParseList(string modelPath, IReadOnlyDictionary<string, string> metadata, string key)
    {
        if (!metadata.TryGetValue(key, out string? text) || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        string[] parts = text.Trim('[', ']', ' ').Split([',', ' '], StringSplitOptions.RemoveEmptyEntries);
        var values = new float[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                throw new ModelLoadException($"{modelPath}: metadata '{key}' = '{text}' is not a number or a list of numbers.");
            }
        }

        return values;
    }

    private static float[] Expand(string modelPath, float[] values, string what) => values.Length switch
    {
        1 => [values[0], values[0], values[0]],
        3 => values,
        _ => throw new ModelLoadException($"{modelPath}: input {what} needs 1 or 3 values, got {values.Length}."),
    };

    private static ModelLoadException NotAnImage(string modelPath, string inputName, NodeMetadata input, string why) =>
        new($"{modelPath}: input '{inputName}' {Shape(input)} is not an image input: {why}. " +
            "An image classifier takes uint8 or float32 [1,H,W,3] (NHWC) or [1,3,H,W] (NCHW).");

    private static string Shape(NodeMetadata input) => $"[{string.Join(",", input.Dimensions)}] {input.ElementDataType}";
}
