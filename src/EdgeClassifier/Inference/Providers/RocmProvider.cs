using Microsoft.ML.OnnxRuntime;

namespace EdgeClassifier.Inference.Providers;

/// <summary>AMD GPUs through ROCm. Options such as <c>device_id</c> pass through.</summary>
public sealed class RocmProvider : IExecutionProvider
{
    public string Name => "rocm";

    public string OrtName => "ROCMExecutionProvider";

    public string Requirement => "an ONNX Runtime build with ROCm and the ROCm libraries";

    public void Append(SessionOptions session, IReadOnlyDictionary<string, string> options, RuntimeOptions runtime)
    {
        using var rocm = new OrtROCMProviderOptions();
        rocm.UpdateOptions(new Dictionary<string, string>(options));
        session.AppendExecutionProvider_ROCm(rocm);
    }
}
