namespace EdgeClassifier.Models.Training;

/// <summary>
/// A linear softmax classifier on normalised embeddings: <c>softmax(W·x + b)</c>, W stored class by class
/// (<c>[classes, dimension]</c>, as ONNX Gemm takes it with transB = 1).
/// </summary>
public sealed class SoftmaxHead
{
    public SoftmaxHead(int classes, int dimension)
    {
        Classes = classes;
        Dimension = dimension;
        Weights = new float[classes * dimension];
        Bias = new float[classes];
    }

    public int Classes { get; }

    public int Dimension { get; }

    /// <summary>Row c holds class c's weights.</summary>
    public float[] Weights { get; }

    public float[] Bias { get; }

    /// <summary>
    /// Nearest-class-mean "imprinting": each class's weights are its normalised mean embedding times
    /// <paramref name="scale"/>, so the logit is a scaled cosine similarity. Works from one image per class.
    /// </summary>
    public static SoftmaxHead Imprint(IReadOnlyList<EmbeddingSample> samples, int classes, float scale)
    {
        int dimension = samples[0].Embedding.Length;
        var head = new SoftmaxHead(classes, dimension);
        for (int c = 0; c < classes; c++)
        {
            var mean = new float[dimension];
            foreach (EmbeddingSample sample in samples.Where(s => s.ClassIndex == c))
            {
                for (int i = 0; i < dimension; i++)
                {
                    mean[i] += sample.Embedding[i];
                }
            }

            EmbeddingSample.Normalise(mean);
            for (int i = 0; i < dimension; i++)
            {
                head.Weights[(c * dimension) + i] = mean[i] * scale;
            }
        }

        return head;
    }

    /// <summary>The class scores of one embedding as probabilities.</summary>
    public void Predict(ReadOnlySpan<float> embedding, Span<float> probabilities)
    {
        for (int c = 0; c < Classes; c++)
        {
            probabilities[c] = Bias[c] + Dot(Weights.AsSpan(c * Dimension, Dimension), embedding);
        }

        Inference.Softmax.Apply(probabilities, probabilities);
    }

    /// <summary>The index of the most probable class.</summary>
    public int Classify(ReadOnlySpan<float> embedding)
    {
        Span<float> probabilities = stackalloc float[Classes];
        Predict(embedding, probabilities);
        int best = 0;
        for (int c = 1; c < Classes; c++)
        {
            if (probabilities[c] > probabilities[best])
            {
                best = c;
            }
        }

        return best;
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);
}
