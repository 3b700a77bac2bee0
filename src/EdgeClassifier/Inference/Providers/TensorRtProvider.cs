using Microsoft.ML.OnnxRuntime;

namespace EdgeClassifier.Inference.Providers;

/// <summary>
/// NVIDIA TensorRT: compiles the graph for the GPU (and DLA on Jetson). Options such as <c>device_id</c>,
/// <c>trt_fp16_enable</c> or <c>trt_engine_cache_enable</c> pass through.
/// </summary>
public sealed class TensorRtProvider : IExecutionProvider
{
    public string Name => "tensorrt";

    public string OrtName => "TensorrtExecutionProvider";

    public string Requirement => "an ONNX Runtime build with TensorRT and the TensorRT libraries";

    public void Append(SessionOptions session, IReadOnlyDictionary<string, string> options, RuntimeOptions runtime)
    {
        using var tensorRt = new OrtTensorRTProviderOptions();
        tensorRt.UpdateOptions(new Dictionary<string, string>(options));
        session.AppendExecutionProvider_Tensorrt(tensorRt);
    }
}
