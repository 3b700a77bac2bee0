using Microsoft.ML.OnnxRuntime;

namespace EdgeClassifier.Inference.Providers;

/// <summary>
/// Apple's Core ML (Neural Engine, GPU) on macOS. Option <c>flags</c> takes Core ML flag names joined by commas,
/// e.g. <c>COREML_FLAG_ONLY_ENABLE_DEVICE_WITH_ANE</c>.
/// </summary>
public sealed class CoreMlProvider : IExecutionProvider
{
    public string Name => "coreml";

    public string OrtName => "CoreMLExecutionProvider";

    public string Requirement => "an Apple ONNX Runtime build";

    public void Append(SessionOptions session, IReadOnlyDictionary<string, string> options, RuntimeOptions runtime) =>
        session.AppendExecutionProvider_CoreML(ProviderFlags.Parse<CoreMLFlags>(options, Name));
}
