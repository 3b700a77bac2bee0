namespace EdgeClassifier.Pipeline;

/// <summary>Names the model in use, for the <c>model</c> field of <c>state</c>, the <c>info</c> topic and discovery.</summary>
public interface IModelInfo
{
    /// <summary>A short name of the loaded model (e.g. its file name), or <c>null</c> while none is loaded.</summary>
    string? ModelName { get; }

    /// <summary>The execution provider running it (e.g. <c>cpu</c>), or <c>null</c> while none is loaded.</summary>
    string? Provider { get; }
}
