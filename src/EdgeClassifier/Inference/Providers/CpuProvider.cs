using Microsoft.ML.OnnxRuntime;

namespace EdgeClassifier.Inference.Providers;

/// <summary>
/// ONNX Runtime's own kernels: in every build, the last resort of any provider list. Its settings are the session's
/// (<c>Runtime:Threads</c>, <c>Runtime:MemoryArena</c>, ...), so it takes no options of its own.
/// </summary>
public sealed class CpuProvider : IExecutionProvider
{
    public string Name => "cpu";

    public string OrtName => "CPUExecutionProvider";

    public string Requirement => "any ONNX Runtime build";

    public void Append(SessionOptions session, IReadOnlyDictionary<string, string> options, RuntimeOptions runtime) =>
        session.AppendExecutionProvider_CPU(runtime.MemoryArena ? 1 : 0);
}
