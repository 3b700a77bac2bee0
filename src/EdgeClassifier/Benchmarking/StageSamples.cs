using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Benchmarking;

/// <summary>
/// Every frame's stage times of one bench phase, in arrays sized before the phase starts so that recording allocates
/// nothing. Frames past the capacity are not recorded (<see cref="Full"/> tells the runner to stop).
/// </summary>
public sealed class StageSamples(int capacity) : IStageRecorder
{
    private readonly float[][] values = Enum.GetValues<Stage>().Select(_ => new float[capacity]).ToArray();
    private int count;

    /// <summary>Frames recorded.</summary>
    public int Count => Volatile.Read(ref count);

    public bool Full => Count >= capacity;

    public void Record(float captureAge, float preprocess, float inference, float decision, float total)
    {
        int i = count;
        if (i >= capacity)
        {
            return;
        }

        values[(int)Stage.CaptureAge][i] = captureAge;
        values[(int)Stage.Preprocess][i] = preprocess;
        values[(int)Stage.Inference][i] = inference;
        values[(int)Stage.Decision][i] = decision;
        values[(int)Stage.Total][i] = total;
        Volatile.Write(ref count, i + 1);
    }

    /// <summary>The recorded times of one stage.</summary>
    public ReadOnlySpan<float> Of(Stage stage) => values[(int)stage].AsSpan(0, Count);
}
