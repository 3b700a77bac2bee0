using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Hosting.Systemd;
using EdgeClassifier.Inference;
using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Hosting;

/// <summary>Marks every inference for the <see cref="InferenceWatchdog"/>, so a run that hangs is noticed in-process.</summary>
internal sealed class WatchedClassifier(IFrameClassifier inner, InferenceWatchdog watchdog) : IFrameClassifier
{
    public ModelContract Contract => inner.Contract;

    public ReadOnlySpan<float> Probabilities => inner.Probabilities;

    public void Preprocess(ImageView image) => inner.Preprocess(image);

    public void Infer()
    {
        using InferenceScope scope = watchdog.BeginInference();
        inner.Infer();
    }

    public void Dispose() => inner.Dispose();
}
