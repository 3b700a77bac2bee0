using System.Globalization;

namespace EdgeClassifier.Inference.Providers;

/// <summary>
/// XNNPACK's hand-tuned Arm and x86 CPU kernels. It runs its own thread pool, sized by <c>intra_op_num_threads</c>
/// (default <c>Runtime:Threads</c>).
/// </summary>
public sealed class XnnpackProvider : NamedProvider
{
    public override string Name => "xnnpack";

    public override string OrtName => "XnnpackExecutionProvider";

    public override string Requirement => "an ONNX Runtime build with XNNPACK (e.g. the Android or iOS packages)";

    protected override string ApiName => "XNNPACK";

    protected override IReadOnlyDictionary<string, string> Defaults(RuntimeOptions runtime) =>
        new Dictionary<string, string> { ["intra_op_num_threads"] = runtime.EffectiveThreads.ToString(CultureInfo.InvariantCulture) };
}
