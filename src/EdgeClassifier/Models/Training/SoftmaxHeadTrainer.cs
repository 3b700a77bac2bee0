using System.Numerics.Tensors;

namespace EdgeClassifier.Models.Training;

/// <summary>
/// Fits a <see cref="SoftmaxHead"/> by multinomial logistic regression: full-batch gradient descent with Adam on
/// the mean cross-entropy plus an L2 penalty on the weights. Small on-device sets fit in one batch, which keeps the
/// result deterministic.
/// </summary>
public static class SoftmaxHeadTrainer
{
    private const float Beta1 = 0.9f;
    private const float Beta2 = 0.999f;
    private const float Epsilon = 1e-8f;

    /// <summary>Trains for <paramref name="epochs"/> passes; <paramref name="progress"/> gets each finished epoch number.</summary>
    public static SoftmaxHead Train(
        IReadOnlyList<EmbeddingSample> samples, int classes, int epochs, float learningRate, float l2, Action<int>? progress = null)
    {
        int dimension = samples[0].Embedding.Length;
        var head = new SoftmaxHead(classes, dimension);
        var adamWeights = new AdamState(head.Weights.Length);
        var adamBias = new AdamState(classes);
        var gradientWeights = new float[head.Weights.Length];
        var gradientBias = new float[classes];
        var probabilities = new float[classes];
        float inverseCount = 1f / samples.Count;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            // The L2 term's gradient starts the sum: d/dW (l2/2 · |W|²) = l2 · W.
            TensorPrimitives.Multiply(head.Weights, l2, gradientWeights);
            Array.Clear(gradientBias);
            foreach (EmbeddingSample sample in samples)
            {
                head.Predict(sample.Embedding, probabilities);
                for (int c = 0; c < classes; c++)
                {
                    float error = (probabilities[c] - (c == sample.ClassIndex ? 1f : 0f)) * inverseCount;
                    Span<float> row = gradientWeights.AsSpan(c * dimension, dimension);
                    TensorPrimitives.MultiplyAdd(sample.Embedding, error, row, row);
                    gradientBias[c] += error;
                }
            }

            adamWeights.Step(head.Weights, gradientWeights, learningRate, epoch);
            adamBias.Step(head.Bias, gradientBias, learningRate, epoch);
            progress?.Invoke(epoch);
        }

        return head;
    }

    /// <summary>Adam's running moments for one parameter array.</summary>
    private sealed class AdamState(int length)
    {
        private readonly float[] _first = new float[length];
        private readonly float[] _second = new float[length];

        public void Step(float[] parameters, float[] gradient, float learningRate, int step)
        {
            float correction1 = 1 - MathF.Pow(Beta1, step);
            float correction2 = 1 - MathF.Pow(Beta2, step);
            for (int i = 0; i < parameters.Length; i++)
            {
                _first[i] = (Beta1 * _first[i]) + ((1 - Beta1) * gradient[i]);
                _second[i] = (Beta2 * _second[i]) + ((1 - Beta2) * gradient[i] * gradient[i]);
                parameters[i] -= learningRate * (_first[i] / correction1) / (MathF.Sqrt(_second[i] / correction2) + Epsilon);
            }
        }
    }
}
