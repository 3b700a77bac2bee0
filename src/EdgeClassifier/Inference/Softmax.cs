using System.Numerics.Tensors;

namespace EdgeClassifier.Inference;

/// <summary>Probabilities from a classifier's raw output.</summary>
internal static class Softmax
{
    /// <summary>
    /// Fallback when the graph does not tell: values all in [0, 1] summing to roughly 1 are probabilities (a quantized
    /// softmax rounds each score to 1/256, so the sum can be well off 1).
    /// </summary>
    public static bool LooksLikeProbabilities(ReadOnlySpan<float> values)
    {
        float min = TensorPrimitives.Min(values);
        float max = TensorPrimitives.Max(values);
        float sum = TensorPrimitives.Sum(values);
        return min >= 0f && max <= 1f && sum is > 0.5f and < 1.5f;
    }

    /// <summary>Numerically stable softmax (the maximum subtracted first).</summary>
    public static void Apply(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        float max = TensorPrimitives.Max(logits);
        TensorPrimitives.Subtract(logits, max, probabilities);
        TensorPrimitives.Exp(probabilities, probabilities);
        TensorPrimitives.Divide(probabilities, TensorPrimitives.Sum(probabilities), probabilities);
    }
}
