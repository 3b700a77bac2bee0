using System.Numerics.Tensors;

namespace EdgeClassifier.Inference;

/// <summary>Probabilities from a classifier's raw output.</summary>
internal static class Softmax
{
    /// <summary>
    /// True when the values already look like probabilities: all in [0, 1] and summing to about 1 (quantized models
    /// round each score to 1/256, so the sum may be off by a little).
    /// </summary>
    public static bool LooksLikeProbabilities(ReadOnlySpan<float> values)
    {
        float min = TensorPrimitives.Min(values);
        float max = TensorPrimitives.Max(values);
        return min >= 0f && max <= 1f && MathF.Abs(TensorPrimitives.Sum(values) - 1f) < 0.05f;
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
