namespace EdgeClassifier.Inference.Providers;

/// <summary>
/// Qualcomm's AI Engine (Hexagon NPU/HTP, Adreno GPU) on Snapdragon boards. <c>backend_path</c> picks the backend
/// library (default <c>libQnnHtp.so</c>, the NPU); other QNN options such as <c>htp_performance_mode</c> pass through.
/// </summary>
public sealed class QnnProvider : NamedProvider
{
    public override string Name => "qnn";

    public override string OrtName => "QNNExecutionProvider";

    public override string Requirement => "an ONNX Runtime build with QNN and the Qualcomm AI Engine Direct libraries";

    protected override string ApiName => "QNN";

    protected override IReadOnlyDictionary<string, string> Defaults(RuntimeOptions runtime) =>
        new Dictionary<string, string> { ["backend_path"] = "libQnnHtp.so" };
}
