namespace EdgeClassifier.Inference;

/// <summary>How much ONNX Runtime rewrites the graph before running it (<c>Runtime:GraphOptimization</c>).</summary>
public enum GraphOptimization
{
    /// <summary>Run the graph as stored.</summary>
    Disabled,

    /// <summary>Constant folding and redundant-node removal.</summary>
    Basic,

    /// <summary>Basic plus operator fusions.</summary>
    Extended,

    /// <summary>Extended plus layout changes for the CPU (the default).</summary>
    All,
}
