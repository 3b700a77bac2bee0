using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Benchmarking;

/// <summary>
/// Every frame's stage times of one bench phase, in arrays sized before the phase starts so that recording allocates
/// nothing. Frames past the capacity are not recorded (<see cref="Full"/> tells the runner to stop).
/// </summary>
public sealed class StageSamples(int capacity) : IStageRecorder
{
    private readonly float[][] _values = Enum.GetValues<Stage>().Select(_ => new float[capacity]).ToArray();
    private int _count;

    /// <summary>Frames recorded.</summary>
    public int Count => Volatile.Read(ref _count);

    public bool Full => Count >= capacity;

    public void Record(float captureAge, float preprocess, float inference, float decision, float total)
    {
        int i = _count;
        if (i >= capacity)
        {
            return;
        }

        _values[(int)Stage.CaptureAge][i] = captureAge;
        _values[(int)Stage.Preprocess][i] = preprocess;
        _values[(int)Stage.Inference][i] = inference;
        _values[(int)Stage.Decision][i] = decision;
        _values[(int)Stage.Total][i] = total;
        Volatile.Write(ref _count, i + 1);
    }

    /// <summary>The recorded times of one stage.</summary>
    public ReadOnlySpan<float> Of(Stage stage) => _values[(int)stage].AsSpan(0, Count);
}
