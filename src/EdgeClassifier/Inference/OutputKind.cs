namespace EdgeClassifier.Inference;

/// <summary>What a classifier's output values are.</summary>
public enum OutputKind
{
    /// <summary>Decide per inference: values in [0, 1] summing to ~1 are probabilities, anything else logits.</summary>
    Auto,

    /// <summary>Softmax already applied by the model.</summary>
    Probabilities,

    /// <summary>Raw scores; softmax is applied here.</summary>
    Logits,
}
