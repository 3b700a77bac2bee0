namespace EdgeClassifier.Models.Import;

/// <summary>
/// Checks what the converter takes on trust from a TFLite file: every tensor index names a tensor, every shape is
/// non-negative and small enough to count in 32 bits, and per-axis quantization names an axis the tensor has. The
/// file is untrusted input, so each violation is a <see cref="ModelImportException"/>, never an index error later.
/// </summary>
internal static class TfliteStructureCheck
{
    public static void Check(TfliteModel model)
    {
        foreach (var tensor in model.Tensors)
        {
            CheckTensor(tensor);
        }

        var count = model.Tensors.Count;
        CheckIndices(model.Inputs, count, "the model's inputs", allowOptional: false);
        CheckIndices(model.Outputs, count, "the model's outputs", allowOptional: false);
        for (var i = 0; i < model.Operators.Count; i++)
        {
            var op = model.Operators[i];
            CheckIndices(op.Inputs, count, $"the inputs of operator {i} ({op.DisplayName})", allowOptional: true);
            CheckIndices(op.Outputs, count, $"the outputs of operator {i} ({op.DisplayName})", allowOptional: false);
        }
    }

    /// <summary>The shape as TFLite's tools print it, e.g. <c>[1,224,224,3]</c>.</summary>
    public static string Describe(int[] shape) => $"[{string.Join(",", shape)}]";

    private static void CheckTensor(TfliteTensor tensor)
    {
        if (tensor.Shape.Any(d => d < 0))
        {
            throw new ModelImportException($"tensor '{tensor.Name}' has a negative dimension in its shape {Describe(tensor.Shape)}");
        }

        var elements = 1L;
        foreach (var dimension in tensor.Shape)
        {
            elements *= dimension;
            if (elements > int.MaxValue)
            {
                throw new ModelImportException($"tensor '{tensor.Name}' has shape {Describe(tensor.Shape)}, more than {int.MaxValue} elements");
            }
        }

        if (tensor.Quantization is { IsPerAxis: true } q)
        {
            if (q.Axis < 0 || q.Axis >= tensor.Rank)
            {
                throw new ModelImportException(
                    $"tensor '{tensor.Name}' is quantized along axis {q.Axis}, but its shape {Describe(tensor.Shape)} has no such axis");
            }

            if (q.Scales.Length != tensor.Shape[q.Axis])
            {
                throw new ModelImportException(
                    $"tensor '{tensor.Name}' has {q.Scales.Length} quantization scales for the {tensor.Shape[q.Axis]} entries of axis {q.Axis}");
            }
        }
    }

    // -1 marks an optional operator input that is left out; it is never valid for outputs or the model's own ends.
    private static void CheckIndices(int[] indices, int count, string what, bool allowOptional)
    {
        foreach (var index in indices)
        {
            if (index >= count || index < (allowOptional ? -1 : 0))
            {
                throw new ModelImportException($"{what} refer to tensor {index}, but the model has {count} tensors");
            }
        }
    }
}
