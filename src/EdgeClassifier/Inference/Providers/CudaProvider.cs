using Microsoft.ML.OnnxRuntime;

namespace EdgeClassifier.Inference.Providers;

/// <summary>NVIDIA GPUs through CUDA (Jetson boards, desktop GPUs). Options such as <c>device_id</c> pass through.</summary>
public sealed class CudaProvider : IExecutionProvider
{
    public string Name => "cuda";

    public string OrtName => "CUDAExecutionProvider";

    public string Requirement => "the Microsoft.ML.OnnxRuntime.Gpu.Linux package and CUDA/cuDNN libraries";

    public void Append(SessionOptions session, IReadOnlyDictionary<string, string> options, RuntimeOptions runtime)
    {
        using var cuda = new OrtCUDAProviderOptions();
        cuda.UpdateOptions(new Dictionary<string, string>(options));
        session.AppendExecutionProvider_CUDA(cuda);
    }
}
