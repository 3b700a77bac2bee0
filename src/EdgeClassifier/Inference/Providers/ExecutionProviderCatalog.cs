using Microsoft.ML.OnnxRuntime;

namespace EdgeClassifier.Inference.Providers;

/// <summary>
/// Every provider this program can ask ONNX Runtime for, by configuration name. Arm Compute Library (<c>acl</c>) and
/// Arm NN are left out: the C# API has no way to append them.
/// </summary>
public static class ExecutionProviderCatalog
{
    private static readonly Lazy<HashSet<string>> InBuild = new(() => [.. OrtEnv.Instance().GetAvailableProviders()]);

    /// <summary>All known providers, accelerators first.</summary>
    public static IReadOnlyList<IExecutionProvider> All { get; } =
    [
        new QnnProvider(),
        new TensorRtProvider(),
        new CudaProvider(),
        new RocmProvider(),
        new OpenVinoProvider(),
        new CoreMlProvider(),
        new NnapiProvider(),
        new XnnpackProvider(),
        new DnnlProvider(),
        new CpuProvider(),
    ];

    /// <summary>The CPU provider, present in every build.</summary>
    public static IExecutionProvider Cpu { get; } = All[^1];

    /// <summary>The configuration names, for messages.</summary>
    public static IEnumerable<string> Names => All.Select(p => p.Name);

    /// <summary>The provider called <paramref name="name"/> (any case), or null.</summary>
    public static IExecutionProvider? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the installed ONNX Runtime build includes the provider.</summary>
    public static bool IsInBuild(IExecutionProvider provider) => InBuild.Value.Contains(provider.OrtName);

    /// <summary>The providers the installed build includes, as ONNX Runtime names them.</summary>
    public static IEnumerable<string> BuildProviders => InBuild.Value;
}
