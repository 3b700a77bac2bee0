using EdgeClassifier.Hardware.Camera;

namespace EdgeClassifier.Pipeline;

/// <summary>
/// A candidate model tried on live frames by the frame thread itself, so that it never runs at the same time as the
/// model in service: while a trial is set, every other frame goes to it instead of the pipeline.
/// </summary>
public interface IFrameTrial
{
    /// <summary>
    /// Runs the candidate on <paramref name="image"/> (picked up at <paramref name="pickedUpTicks"/>, a
    /// <see cref="System.Diagnostics.Stopwatch"/> timestamp); returns false once the trial has all it needs.
    /// </summary>
    bool Run(ImageView image, long pickedUpTicks);
}
