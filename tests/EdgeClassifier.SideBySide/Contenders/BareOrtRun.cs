using EdgeClassifier.Inference;
using EdgeClassifier.Inference.Providers;
using Microsoft.ML.OnnxRuntime;

namespace EdgeClassifier.SideBySide.Contenders;

/// <summary>
/// The limit: ONNX Runtime's <c>Run</c> alone, on inputs preprocessed before timing starts and bound once, with the
/// project's session settings. Nothing a frame path does can be faster than this. Its session calls are timed like the
/// frame path's stages, to compare the two calls.
/// </summary>
internal sealed class BareOrtRun : IContender
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly List<OrtValue> _values = [];
    private readonly OrtIoBinding[] _bindings;
    private readonly float[] _scores;
    private readonly StageTimes _stages;

    public BareOrtRun(string modelPath, Frames frames)
    {
        // The project's own preprocessing fills the inputs so that the limit sees exactly the same tensors.
        using var classifier = ImageClassifier.Load(new ModelOptions { Path = modelPath }, Runtime.Fastest);
        (_session, _) = SessionFactory.Shared.Create(modelPath, Runtime.Fastest);
        ModelContract contract = classifier.Contract;
        _scores = new float[contract.ClassCount];
        OrtValue output = OrtValue.CreateTensorValueFromMemory(_scores, contract.OutputShape);
        _values.Add(output);
        _stages = new StageTimes($"the limit, {Path.GetFileName(modelPath)}", "session call");
        _bindings = new OrtIoBinding[frames.Count];
        for (int i = 0; i < frames.Count; i++)
        {
            classifier.Preprocess(frames.YuyvView(i));
            OrtValue input = OrtValue.CreateTensorValueFromMemory(classifier.ByteInput.ToArray(), contract.InputShape);
            _values.Add(input);
            _bindings[i] = _session.CreateIoBinding();
            _bindings[i].BindInput(contract.InputName, input);
            _bindings[i].BindOutput(contract.OutputName, output);
        }
    }

    public int Classify(int index)
    {
        long start = _stages.Start();
        _session.RunWithBinding(_runOptions, _bindings[index]);
        _stages.Record(0, start);
        return ArgMax(_scores);
    }

    public void Dispose()
    {
        _stages.Print();
        foreach (OrtIoBinding binding in _bindings)
        {
            binding.Dispose();
        }

        _values.ForEach(v => v.Dispose());
        _runOptions.Dispose();
        _session.Dispose();
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
