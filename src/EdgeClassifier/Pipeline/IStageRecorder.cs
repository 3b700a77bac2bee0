namespace EdgeClassifier.Pipeline;

/// <summary>
/// Receives every classified frame's stage times (milliseconds) as the frame thread records them, for tools that
/// need every sample rather than the rolling window (<c>bench</c>). Called on the frame path: must not allocate.
/// </summary>
public interface IStageRecorder
{
    void Record(float captureAge, float preprocess, float inference, float decision, float total);
}
