using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Inference;

namespace EdgeClassifier.SideBySide.Contenders;

/// <summary>
/// The frame path and the limit in one block, frame by frame on one session: each call runs the whole frame path on
/// a camera buffer (preprocess, session call, rank) and then the session call alone again on the input just prepared
/// (the limit: nothing between two session calls). Whatever else the machine is doing slows both steps of a pair
/// alike, so the difference is the frame path's overhead without the drift between two contenders' blocks that the
/// separate (1) and (2) rows suffer from. Both steps include the output's softmax check (microseconds), the limit's
/// step nothing else.
/// </summary>
internal sealed class PairedFramePathAndLimit : IContender
{
    private const int FramePath = 0;
    private const int Limit = 1;

    private readonly Frames _frames;
    private readonly PixelFormat _format;
    private readonly ImageClassifier _classifier;
    private readonly ResultRanker _ranker;
    private readonly ClassificationResult _result;
    private readonly StageTimes _stages;

    public PairedFramePathAndLimit(string modelPath, Frames frames, PixelFormat format)
    {
        _frames = frames;
        _format = format;
        _classifier = ImageClassifier.Load(new ModelOptions { Path = modelPath }, Runtime.Fastest);
        _ranker = new ResultRanker(_classifier.Contract.Labels, new ClassificationOptions());
        _result = _ranker.CreateResult();
        _stages = new StageTimes($"paired, {Path.GetFileName(modelPath)} from {format}", "frame path", "limit");
    }

    public int Classify(int index)
    {
        long start = _stages.Start();
        _classifier.Preprocess(_frames.View(index, _format));
        _classifier.Infer();
        _ranker.Rank(_classifier.Probabilities, _result);
        start = _stages.Record(FramePath, start);
        _classifier.Infer();
        _stages.Record(Limit, start);
        return _result.Top[0].Index;
    }

    public void Dispose()
    {
        _stages.Print();
        _stages.PrintDifference(FramePath, Limit);
        _classifier.Dispose();
    }
}
