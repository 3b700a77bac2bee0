using EdgeClassifier.Hardware.Camera;

namespace EdgeClassifier.Pipeline;

/// <summary>
/// Receives a copy of some frames (e.g. for snapshots): every frame that changes the decision, offered before the
/// decision is published, and others when <see cref="WantsFrame"/> asks. Runs on the frame thread.
/// </summary>
public interface IFrameTap
{
    /// <summary>Whether to offer the current frame even though the decision did not change.</summary>
    bool WantsFrame(long nowTicks);

    /// <summary>Copies what it needs out of <paramref name="image"/>; the view is invalid after the call.</summary>
    void Offer(ImageView image, long sequence, long nowTicks);
}
