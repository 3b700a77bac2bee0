using System.Diagnostics;
using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Inference;
using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Fleet;

/// <summary>
/// A candidate model on trial inside the frame loop: on each frame the loop lends it, it first classifies one image
/// of the validation dataset (if any), then warms up and times itself on live frames — preprocess, inference and
/// ranking, the same work the pipeline does per frame. The loop never runs it beside the model in service.
/// </summary>
public sealed class CandidateTrial : IFrameTrial, IDisposable
{
    private const int WarmUpFrames = 3;
    private readonly ImageClassifier _candidate;
    private readonly ResultRanker _ranker;
    private readonly ClassificationResult _result;
    private readonly IReadOnlyList<ValidationImage> _dataset;
    private readonly RollingWindow _times;
    private readonly float[] _scratch;
    private readonly TaskCompletionSource<TrialOutcome> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private int _warmUpLeft = WarmUpFrames;
    private int _nextImage;
    private int _correct;
    private bool _disposed;

    /// <summary>Puts <paramref name="candidate"/> on trial for <paramref name="frames"/> timed frames after <paramref name="dataset"/>.</summary>
    public CandidateTrial(ImageClassifier candidate, ClassificationOptions classification, IReadOnlyList<ValidationImage> dataset, int frames)
    {
        _candidate = candidate;
        _ranker = new ResultRanker(candidate.Contract.Labels, classification);
        _result = _ranker.CreateResult();
        _dataset = dataset;
        _times = new RollingWindow(frames);
        _scratch = new float[frames];
    }

    /// <summary>Completes with the measurements once the trial has every frame it needs.</summary>
    public Task<TrialOutcome> Completion => _done.Task;

    /// <inheritdoc />
    public bool Run(ImageView image, long pickedUpTicks)
    {
        lock (_lock)
        {
            if (_disposed || _done.Task.IsCompleted)
            {
                return false;
            }

            if (_nextImage < _dataset.Count)
            {
                ValidationImage sample = _dataset[_nextImage++];
                _candidate.Classify(sample.Image.View, _ranker, _result);
                _correct += _result.Best.Index == sample.Expected ? 1 : 0;
                return true;
            }

            _candidate.Preprocess(image);
            _candidate.Infer();
            _ranker.Rank(_candidate.Probabilities, _result);
            if (_warmUpLeft > 0)
            {
                // First runs pay for just-in-time compilation and ONNX Runtime's first allocations: not timed.
                _warmUpLeft--;
                return true;
            }

            _times.Add((float)Stopwatch.GetElapsedTime(pickedUpTicks).TotalMilliseconds);
            if (_times.Count < _times.Capacity)
            {
                return true;
            }

            double? accuracy = _dataset.Count == 0 ? null : (double)_correct / _dataset.Count;
            _done.TrySetResult(new TrialOutcome(_times.Percentile(0.95, _scratch), _times.Percentile(0.50, _scratch), (int)_times.Count, accuracy));
            return false;
        }
    }

    /// <summary>Releases the candidate; a frame that still holds the trial then finds it over.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _done.TrySetCanceled();
            _candidate.Dispose();
        }
    }
}
