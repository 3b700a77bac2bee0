using Microsoft.ML.OnnxRuntime;

namespace EdgeClassifier.Inference.Providers;

/// <summary>oneDNN kernels for x86 and Arm CPUs; follows <c>Runtime:MemoryArena</c> and takes no options.</summary>
public sealed class DnnlProvider : IExecutionProvider
{
    public string Name => "dnnl";

    public string OrtName => "DnnlExecutionProvider";

    public string Requirement => "an ONNX Runtime build with oneDNN";

    public void Append(SessionOptions session, IReadOnlyDictionary<string, string> options, RuntimeOptions runtime) =>
        session.AppendExecutionProvider_Dnnl(runtime.MemoryArena ? 1 : 0);
}
