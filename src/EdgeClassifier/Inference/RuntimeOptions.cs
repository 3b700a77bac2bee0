namespace EdgeClassifier.Inference;

/// <summary>Configuration section <c>Runtime</c>: how ONNX Runtime runs the model.</summary>
public sealed class RuntimeOptions
{
    public const string Section = "Runtime";

    /// <summary>Intra-op threads; 0 = one per core.</summary>
    public int Threads { get; set; }

    /// <summary>Every problem with these options, each naming its key.</summary>
    public IEnumerable<string> Validate()
    {
        if (Threads < 0)
        {
            yield return $"Runtime:Threads must be 0 (one per core) or more, got {Threads}.";
        }
    }
}
