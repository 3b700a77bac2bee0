namespace EdgeClassifier.Models.Training;

/// <summary>One training or validation example.</summary>
/// <param name="Embedding">The L2-normalised embedding.</param>
/// <param name="ClassIndex">The class (index into the training labels).</param>
/// <param name="Group">The split group it belongs to (see <see cref="Datasets.LabelledImage.Group"/>).</param>
/// <param name="Augmented">True for an augmented copy, false for the image as it is.</param>
public sealed record EmbeddingSample(float[] Embedding, int ClassIndex, string Group, bool Augmented)
{
    /// <summary>Scales <paramref name="values"/> to unit length in place (the same as the exported LpNormalization node).</summary>
    public static float[] Normalise(float[] values)
    {
        double sum = 0;
        foreach (float v in values)
        {
            sum += v * v;
        }

        if (sum > 0)
        {
            float scale = (float)(1 / Math.Sqrt(sum));
            for (int i = 0; i < values.Length; i++)
            {
                values[i] *= scale;
            }
        }

        return values;
    }
}
