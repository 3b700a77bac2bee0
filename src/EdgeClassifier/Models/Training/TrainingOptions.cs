namespace EdgeClassifier.Models.Training;

/// <summary>How <c>edgeclassifier train</c> builds a classifier; <see cref="Validate"/> names the option at fault.</summary>
public sealed class TrainingOptions
{
    /// <summary>Passes over the training embeddings.</summary>
    public int Epochs { get; set; } = 200;

    /// <summary>Share of each class's groups held out for validation (0 = none).</summary>
    public double ValidationFraction { get; set; } = 0.2;

    /// <summary>True: imprinting only; false: softmax training; null: imprint when a class has too few images.</summary>
    public bool? Imprint { get; set; }

    /// <summary>Augmented copies per training image; null = automatic (more for small sets).</summary>
    public int? Augment { get; set; }

    /// <summary>Seed for the split and the augmentation.</summary>
    public int Seed { get; set; }

    public float LearningRate { get; set; } = 0.05f;

    /// <summary>L2 penalty on the head's weights.</summary>
    public float L2 { get; set; } = 1e-4f;

    /// <summary>Scale of the imprinted weights: the logit is this times the cosine similarity to the class mean.</summary>
    public float ImprintScale { get; set; } = 20f;

    /// <summary>The embedding cache folder; null disables caching.</summary>
    public string? CacheDirectory { get; set; } = EmbeddingCache.DefaultRoot;

    /// <summary>Below this many source images in its smallest class, automatic mode imprints instead of training.</summary>
    public const int ImprintBelow = 3;

    /// <summary>Every problem, each naming its option.</summary>
    public IEnumerable<string> Validate()
    {
        if (Epochs < 1)
        {
            yield return $"--epochs must be at least 1, got {Epochs}.";
        }

        if (!(ValidationFraction is >= 0 and < 1))
        {
            yield return $"--validation must be a fraction from 0 (no validation) up to but not including 1, got {ValidationFraction}.";
        }

        if (Augment is < 0 or > 100)
        {
            yield return $"--augment must be between 0 and 100 copies per image, got {Augment}.";
        }

        if (!(LearningRate > 0 && float.IsFinite(LearningRate)))
        {
            yield return $"--learning-rate must be a positive number, got {LearningRate}.";
        }

        if (!(L2 >= 0 && float.IsFinite(L2)))
        {
            yield return $"--l2 must be 0 or a positive number, got {L2}.";
        }
    }

    /// <summary>Augmented copies per image for a dataset whose smallest class has <paramref name="smallestClass"/> images.</summary>
    public int AugmentationFor(int smallestClass) => Augment ?? (smallestClass < 20 ? 4 : 0);
}
