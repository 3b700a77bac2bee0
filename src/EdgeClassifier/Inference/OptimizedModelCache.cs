namespace EdgeClassifier.Inference;

/// <summary>
/// <c>Runtime:OptimizedModelPath</c>: the graph as ONNX Runtime optimised it, saved on the first start and loaded on
/// later ones instead of optimising again. A saved file older than the model is stale and written anew.
/// </summary>
internal sealed class OptimizedModelCache
{
    public OptimizedModelCache(string modelPath, string? optimizedPath)
    {
        optimizedPath = string.IsNullOrWhiteSpace(optimizedPath) ? null : optimizedPath;
        bool fresh = optimizedPath is not null
            && File.Exists(optimizedPath)
            && new FileInfo(optimizedPath).Length > 0
            && File.GetLastWriteTimeUtc(optimizedPath) >= File.GetLastWriteTimeUtc(modelPath);
        LoadsSavedModel = fresh;
        LoadPath = fresh ? optimizedPath! : modelPath;
        SavePath = fresh ? null : optimizedPath;
    }

    /// <summary>The file the session loads: the saved optimised model when fresh, else the model.</summary>
    public string LoadPath { get; }

    /// <summary>Where ONNX Runtime should save the optimised model; null when nothing is to be saved.</summary>
    public string? SavePath { get; }

    /// <summary>True when the saved model is loaded, so optimising again can be skipped.</summary>
    public bool LoadsSavedModel { get; }
}
