namespace EdgeClassifier.Inference.Providers;

/// <summary>Intel CPUs, GPUs and NPUs through OpenVINO. Options such as <c>device_type</c> (CPU, GPU, NPU) pass through.</summary>
public sealed class OpenVinoProvider : NamedProvider
{
    public override string Name => "openvino";

    public override string OrtName => "OpenVINOExecutionProvider";

    public override string Requirement => "the Intel.ML.OnnxRuntime.OpenVino package";

    protected override string ApiName => "OpenVINO";
}
