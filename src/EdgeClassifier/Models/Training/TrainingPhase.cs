namespace EdgeClassifier.Models.Training;

/// <summary>The long-running steps of training, for progress reports.</summary>
public enum TrainingPhase
{
    /// <summary>Decoding images and running the backbone; counts images.</summary>
    Embedding,

    /// <summary>Fitting the head; counts epochs.</summary>
    Training,
}
