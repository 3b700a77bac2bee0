namespace EdgeClassifier.Inference;

/// <summary><c>Model:Select</c>: whether <c>Model:Path</c> names the model or a folder to choose one from.</summary>
public enum ModelSelectMode
{
    /// <summary><c>Model:Path</c> is the model file.</summary>
    Off,

    /// <summary><c>Model:Path</c> is a folder: measure its models at start and run the recommended one.</summary>
    Auto,
}
