using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Inference;

namespace EdgeClassifier.SideBySide.Contenders;

/// <summary>
/// Only the first stage of this project's frame path: the camera buffer into the model's input, no session call.
/// Measured in the same run as the frame path, it splits the frame path's overhead into the preprocessing itself and
/// what the session call loses after it (the frame and the input having pushed the model's working set out of cache).
/// </summary>
internal sealed class EdgeClassifierPreprocessOnly(string modelPath, Frames frames, PixelFormat format) : IContender
{
    private readonly ImageClassifier _classifier = ImageClassifier.Load(new ModelOptions { Path = modelPath }, Runtime.Fastest);
    private readonly StageTimes _stages = new($"preprocessing alone, {Path.GetFileName(modelPath)} from {format}", "preprocess");

    public int Classify(int index)
    {
        long start = _stages.Start();
        _classifier.Preprocess(frames.View(index, format));
        _stages.Record(0, start);
        return _classifier.ByteInput[index];
    }

    public void Dispose()
    {
        _stages.Print();
        _classifier.Dispose();
    }
}
