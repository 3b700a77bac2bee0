using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Camera;

namespace EdgeClassifier.Pipeline;

/// <summary>
/// Receives a copy of some frames (e.g. for snapshots): every frame that changes the decision, offered before the
/// decision is published, and others when <see cref="WantsFrame(long)"/> asks. Runs on the frame thread.
/// </summary>
public interface IFrameTap
{
    /// <summary>Whether to offer the current frame even though the decision did not change.</summary>
    bool WantsFrame(long nowTicks);

    /// <summary>Copies what it needs out of <paramref name="image"/>; the view is invalid after the call.</summary>
    void Offer(ImageView image, long sequence, long nowTicks);

    /// <summary>
    /// What the frame loop asks: <see cref="WantsFrame(long)"/> with the frame's own classification at hand (the
    /// instance reused frame after frame; read it, do not keep it). A tap that chooses frames by their result overrides it.
    /// </summary>
    bool WantsFrame(ClassificationResult result, long nowTicks) => WantsFrame(nowTicks);

    /// <summary>
    /// What the frame loop calls: <see cref="Offer(ImageView, long, long)"/> with the whole frame (its name, e.g. the
    /// file it was read from) and its classification. The frame and the result are invalid after the call.
    /// </summary>
    void Offer(Frame frame, ClassificationResult result, long nowTicks) => Offer(frame.Image, frame.Sequence, nowTicks);
}
