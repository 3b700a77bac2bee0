using Microsoft.ML.OnnxRuntime;

namespace EdgeClassifier.Inference.Providers;

/// <summary>
/// Android's Neural Networks API (phones and Android boards). Option <c>flags</c> takes NNAPI flag names joined by
/// commas, e.g. <c>NNAPI_FLAG_USE_FP16,NNAPI_FLAG_CPU_DISABLED</c>.
/// </summary>
public sealed class NnapiProvider : IExecutionProvider
{
    public string Name => "nnapi";

    public string OrtName => "NnapiExecutionProvider";

    public string Requirement => "an Android ONNX Runtime build";

    public void Append(SessionOptions session, IReadOnlyDictionary<string, string> options, RuntimeOptions runtime) =>
        session.AppendExecutionProvider_Nnapi(ProviderFlags.Parse<NnapiFlags>(options, Name));
}
