using EdgeClassifier.Inference.Providers;

namespace EdgeClassifier.Inference;

/// <summary>Configuration section <c>Runtime</c>: how ONNX Runtime runs the model.</summary>
public sealed class RuntimeOptions
{
    public const string Section = "Runtime";

    /// <summary>Intra-op threads; 0 = one per core.</summary>
    public int Threads { get; set; }

    /// <summary>
    /// Execution providers in order of preference, e.g. <c>["qnn", "cuda", "cpu"]</c>: the first the installed ONNX
    /// Runtime supports runs the model; CPU is always tried last even when not listed.
    /// </summary>
    public string[]? Providers { get; set; }

    /// <summary>Options per provider, passed through as given: <c>Runtime:ProviderOptions:cuda:device_id = 1</c>.</summary>
    public Dictionary<string, Dictionary<string, string>>? ProviderOptions { get; set; }

    /// <summary>Let idle intra-op threads spin for the next op (a little faster, a core busy); off by default.</summary>
    public bool Spinning { get; set; }

    /// <summary>ONNX Runtime's CPU memory arena: faster allocation of intermediate tensors, more resident memory.</summary>
    public bool MemoryArena { get; set; } = true;

    /// <summary>Graph rewrites before running: disabled, basic, extended or all.</summary>
    public GraphOptimization GraphOptimization { get; set; } = GraphOptimization.All;

    /// <summary>Where to save the optimised model, and load it from on later starts when newer than the model.</summary>
    public string? OptimizedModelPath { get; set; }

    /// <summary>The intra-op thread count actually used.</summary>
    public int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;

    /// <summary>The providers to try, in order, ending with CPU.</summary>
    public IReadOnlyList<IExecutionProvider> ProviderOrder()
    {
        var order = (Providers ?? []).Select(name => ExecutionProviderCatalog.Find(name)
            ?? throw new ArgumentException(UnknownProvider("Runtime:Providers", name))).Distinct().ToList();
        if (!order.Contains(ExecutionProviderCatalog.Cpu))
        {
            order.Add(ExecutionProviderCatalog.Cpu);
        }

        return order;
    }

    /// <summary>The options given for <paramref name="provider"/>; empty when none.</summary>
    public IReadOnlyDictionary<string, string> OptionsFor(IExecutionProvider provider) =>
        ProviderOptions?.FirstOrDefault(p => string.Equals(p.Key, provider.Name, StringComparison.OrdinalIgnoreCase)).Value
        ?? new Dictionary<string, string>();

    /// <summary>The message for a provider name that is not known; <paramref name="key"/> is the key or option it came from.</summary>
    public static string UnknownProvider(string key, string name) =>
        $"{key}: '{name}' is not a known execution provider; allowed: {string.Join(", ", ExecutionProviderCatalog.Names)}.";

    /// <summary>Every problem with these options, each naming its key.</summary>
    public IEnumerable<string> Validate()
    {
        if (Threads < 0)
        {
            yield return $"Runtime:Threads must be 0 (one per core) or more, got {Threads}.";
        }

        foreach (string name in Providers ?? [])
        {
            if (ExecutionProviderCatalog.Find(name) is null)
            {
                yield return UnknownProvider("Runtime:Providers", name);
            }
        }

        foreach (string name in ProviderOptions?.Keys ?? Enumerable.Empty<string>())
        {
            if (ExecutionProviderCatalog.Find(name) is null)
            {
                yield return UnknownProvider("Runtime:ProviderOptions", name);
            }
        }

        if (!Enum.IsDefined(GraphOptimization))
        {
            yield return $"Runtime:GraphOptimization must be one of disabled, basic, extended, all, got {GraphOptimization}.";
        }

        if (OptimizedModelPath is { Length: > 0 } saved
            && Path.GetDirectoryName(Path.GetFullPath(saved)) is { } folder && !Directory.Exists(folder))
        {
            yield return $"Runtime:OptimizedModelPath: folder '{folder}' does not exist.";
        }
    }
}
