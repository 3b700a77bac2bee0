using EdgeClassifier.Inference;
using EdgeClassifier.Inference.Providers;
using Microsoft.ML.OnnxRuntime;

namespace EdgeClassifier.SideBySide.Contenders;

/// <summary>
/// The limit: ONNX Runtime's <c>Run</c> alone, on inputs preprocessed before timing starts and bound once, with the
/// project's session settings. Nothing a frame path does can be faster than this.
/// </summary>
internal sealed class BareOrtRun : IContender
{
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly List<OrtValue> values = [];
    private readonly OrtIoBinding[] bindings;
    private readonly float[] scores;

    public BareOrtRun(string modelPath, Frames frames)
    {
        // The project's own preprocessing fills the inputs so that the limit sees exactly the same tensors.
        using var classifier = ImageClassifier.Load(new ModelOptions { Path = modelPath }, Runtime.Fastest);
        (session, _) = SessionFactory.Shared.Create(modelPath, Runtime.Fastest);
        ModelContract contract = classifier.Contract;
        scores = new float[contract.ClassCount];
        OrtValue output = OrtValue.CreateTensorValueFromMemory(scores, contract.OutputShape);
        values.Add(output);
        bindings = new OrtIoBinding[frames.Count];
        for (int i = 0; i < frames.Count; i++)
        {
            classifier.Preprocess(frames.YuyvView(i));
            OrtValue input = OrtValue.CreateTensorValueFromMemory(classifier.ByteInput.ToArray(), contract.InputShape);
            values.Add(input);
            bindings[i] = session.CreateIoBinding();
            bindings[i].BindInput(contract.InputName, input);
            bindings[i].BindOutput(contract.OutputName, output);
        }
    }

    public int Classify(int index)
    {
        session.RunWithBinding(runOptions, bindings[index]);
        return ArgMax(scores);
    }

    public void Dispose()
    {
        foreach (OrtIoBinding binding in bindings)
        {
            binding.Dispose();
        }

        values.ForEach(v => v.Dispose());
        runOptions.Dispose();
        session.Dispose();
    }

    internal static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            best = values[i] > values[best] ? i : best;
        }

        return best;
    }
}
