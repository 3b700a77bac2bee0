namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>Names the model in use, for the <c>model</c> field of <c>state</c> and for discovery.</summary>
public interface IModelInfo
{
    /// <summary>A short name of the loaded model (e.g. its file name), or <c>null</c> while none is loaded.</summary>
    string? ModelName { get; }
}
