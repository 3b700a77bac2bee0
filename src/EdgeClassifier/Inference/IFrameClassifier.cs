using EdgeClassifier.Hardware.Camera;

namespace EdgeClassifier.Inference;

/// <summary>
/// What the frame path needs of a model (it lives here, beside its implementation, so Inference never depends on
/// Pipeline): fill the input from a frame, run the model, read probabilities.
/// <see cref="ImageClassifier"/> is the real one; accelerators and test doubles (e.g. an injected delay) sit behind it.
/// </summary>
public interface IFrameClassifier : IDisposable
{
    /// <summary>What the model takes and gives.</summary>
    ModelContract Contract { get; }

    /// <summary>Probabilities per label after the last <see cref="Infer"/>.</summary>
    ReadOnlySpan<float> Probabilities { get; }

    /// <summary>Fills the preallocated input tensor from a frame.</summary>
    void Preprocess(ImageView image);

    /// <summary>Runs the model on the current input.</summary>
    void Infer();
}
