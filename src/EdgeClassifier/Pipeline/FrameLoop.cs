using EdgeClassifier.Inference;
using System.Diagnostics;
using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Outputs;
using Microsoft.Extensions.Logging;

namespace EdgeClassifier.Pipeline;

/// <summary>
/// Hot path: the frame loop. Takes the newest frame from the source, classifies it, turns the result into a
/// decision and hands decisions to the outputs without waiting for them. A frame that waited behind a busy stage
/// (older than the budget when picked up) is dropped, never queued; the degrade policy thins frames and switches to
/// the fallback model when the budget is not kept. Steady state allocates nothing; only a changed decision does.
/// </summary>
public sealed class FrameLoop
{
    private static readonly TimeSpan AcquireTimeout = TimeSpan.FromMilliseconds(500);
    private static readonly long ClockMismatchTicks = Stopwatch.Frequency * 5;

    private readonly IFrameSource _source;
    private PipelineModels _models;
    private PipelineModels? _pendingModels;
    private TaskCompletionSource? _swapped;
    private IFrameTrial? _trial;
    private bool _trialTurn;
    private readonly PipelineOptions _options;
    private readonly PipelineStats _stats;
    private readonly IReadOnlyList<IDecisionSink> _sinks;
    private readonly ILogger _logger;
    private readonly long _budgetTicks;
    private long _lastSequence = -1;
    private int _skipped;
    private long _inferenceStarted;
    private long _turns;

    public FrameLoop(
        IFrameSource source,
        PipelineModels models,
        PipelineOptions options,
        PipelineStats stats,
        IReadOnlyList<IDecisionSink> sinks,
        ILogger logger)
    {
        _source = source;
        _models = models;
        _options = options;
        _stats = stats;
        _sinks = sinks;
        _logger = logger;
        Degrade = new DegradePolicy(options, models.Fallback is not null);
        _budgetTicks = (long)(options.BudgetMs * Stopwatch.Frequency / 1000.0);
        stats.Model = models.Main.Classifier.Contract.Name;
        stats.Provider = models.Main.Classifier.Contract.Provider;
        stats.Source = source.Name;
        stats.Outputs = sinks;
    }

    public DegradePolicy Degrade { get; }

    /// <summary>While true, frames are taken from the camera and released unclassified.</summary>
    public bool Paused { get; set; }

    /// <summary>Decides per frame whether to classify it (GPIO triggers); null classifies every frame.</summary>
    public IFrameGate? Gate { get; set; }

    /// <summary>
    /// Receive copies of frames (snapshots, the barcode reader): each is offered every frame that changes a decision
    /// and any other frame it asks for; empty when nothing needs them.
    /// </summary>
    public IReadOnlyList<IFrameTap> Taps { get; set; } = [];

    /// <summary>Receives a rate-limited sample of every classified frame's own result; null when nothing streams them.</summary>
    public IClassificationStream? Stream { get; set; }

    /// <summary>How long the inference now running on the frame thread has been running; zero between inferences.</summary>
    public TimeSpan InferenceRunningFor => Volatile.Read(ref _inferenceStarted) is var started and not 0
        ? Stopwatch.GetElapsedTime(started)
        : TimeSpan.Zero;

    /// <summary>Acquisitions tried since start, each ending with a frame or after a bounded wait; see <see cref="IPipelineProgress.LoopTurns"/>.</summary>
    public long Turns => Volatile.Read(ref _turns);

    /// <summary>The models in use; after <see cref="SwapModels"/>, the new ones once the next frame starts.</summary>
    public PipelineModels Models => _models;

    /// <summary>The main and (if any) fallback classifier sets.</summary>
    public IEnumerable<ClassifierSet> ClassifierSets => _models.Fallback is null ? [_models.Main] : [_models.Main, _models.Fallback];

    /// <summary>The classifier in use (main, or fallback at degrade level 2).</summary>
    public ClassifierSet Active => Degrade.UseFallback && _models.Fallback is not null ? _models.Fallback : _models.Main;

    /// <summary>
    /// Switches to other models (a reload) between two frames; the frame thread disposes the old ones, so no
    /// inference ever runs on a disposed session.
    /// </summary>
    /// <returns>A task that completes once the frame thread runs the new models.</returns>
    public Task SwapModels(PipelineModels replacement)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _swapped, done)?.TrySetResult();
        Interlocked.Exchange(ref _pendingModels, replacement)?.Dispose();
        return done.Task;
    }

    /// <summary>
    /// Gives every other frame to <paramref name="candidate"/> until it says it is done (see <see cref="IFrameTrial"/>);
    /// false when another trial is still running.
    /// </summary>
    public bool BeginTrial(IFrameTrial candidate) => Interlocked.CompareExchange(ref _trial, candidate, null) is null;

    /// <summary>Ends <paramref name="candidate"/>'s trial early (e.g. the rollout was cancelled).</summary>
    public void EndTrial(IFrameTrial candidate) => Interlocked.CompareExchange(ref _trial, null, candidate);

    /// <summary>
    /// Runs the first frame through every model a few times without counting it, so just-in-time compilation and
    /// ONNX Runtime's first-run allocations do not land on the frames the budget is measured on.
    /// </summary>
    public void WarmUp(int rounds = 3)
    {
        // Up to 5 s for a first frame, in short waits that each count as a turn: a camera that is slow to start is
        // not a hung loop.
        FrameWaitResult wait = FrameWaitResult.Timeout;
        Frame frame = default;
        for (int attempt = 0; attempt < 10 && wait == FrameWaitResult.Timeout; attempt++)
        {
            Volatile.Write(ref _turns, _turns + 1);
            wait = _source.TryAcquire(AcquireTimeout, out frame);
        }

        if (wait != FrameWaitResult.Frame)
        {
            return;
        }

        try
        {
            foreach (ClassifierSet set in ClassifierSets)
            {
                for (int i = 0; i < rounds; i++)
                {
                    set.Classifier.Preprocess(frame.Image);
                    Infer(set.Classifier, Stopwatch.GetTimestamp());
                    set.Ranker.Rank(set.Classifier.Probabilities, set.Result);
                }
            }
        }
        finally
        {
            _source.Release();
        }
    }

    /// <summary>Runs until cancelled or until a finite source ends.</summary>
    public void Run(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (!Step())
            {
                return;
            }
        }
    }

    /// <summary>Handles one acquisition; false when the source has ended.</summary>
    public bool Step()
    {
        if (Interlocked.Exchange(ref _pendingModels, null) is { } replacement)
        {
            PipelineModels old = _models;
            _models = replacement;
            old.Dispose();
            _stats.Model = Active.Classifier.Contract.Name;
            Active.Decisions.Reset();
            _logger.LogInformation("Switched to model {Model}", _stats.Model);
            Interlocked.Exchange(ref _swapped, null)?.TrySetResult();
        }

        Volatile.Write(ref _turns, _turns + 1);
        FrameWaitResult wait = _source.TryAcquire(AcquireTimeout, out Frame frame);
        switch (wait)
        {
            case FrameWaitResult.End:
                return false;
            case FrameWaitResult.Frame:
                break;
            default:
                _stats.Health = HealthState.NoCamera;
                return true;
        }

        long pickedUp = Stopwatch.GetTimestamp();
        try
        {
            Process(frame, pickedUp);
        }
        finally
        {
            _source.Release();
        }

        return true;
    }

    private void Process(Frame frame, long pickedUp)
    {
        _stats.FrameCaptured(frame.Image.Format, frame.Image.Width, frame.Image.Height);
        if (_lastSequence >= 0 && frame.Sequence > _lastSequence + 1)
        {
            // A gap is frames the driver lost, except those the source received and passed over on purpose.
            long gap = frame.Sequence - _lastSequence - 1;
            long passedOver = Math.Min(gap, frame.SkippedBefore);
            _stats.DriverDropped(gap - passedOver);
            _stats.FramesDropped(passedOver);
        }

        _lastSequence = frame.Sequence;

        // A timestamp on another clock (or none) cannot be aged: count from pick-up instead.
        long captured = frame.Timestamp;
        if (captured <= 0 || pickedUp - captured > ClockMismatchTicks || captured > pickedUp)
        {
            captured = pickedUp;
        }

        if (_trial is { } candidate && (_trialTurn = !_trialTurn))
        {
            if (!candidate.Run(frame.Image, pickedUp))
            {
                EndTrial(candidate);
            }

            return;
        }

        if (Paused || (Gate is { } gate && !gate.ShouldProcessFrame(pickedUp)))
        {
            _stats.Health = HealthState.Idle;
            return;
        }

        if (_skipped < Degrade.FrameSkip || pickedUp - captured > _budgetTicks)
        {
            _skipped = Math.Min(_skipped + 1, Degrade.FrameSkip);
            _stats.FrameDropped();
            return;
        }

        _skipped = 0;
        Gate?.OnFrameProcessed();
        ClassifierSet active = Active;
        active.Classifier.Preprocess(frame.Image);
        long preprocessed = Stopwatch.GetTimestamp();
        Infer(active.Classifier, preprocessed);
        long inferred = Stopwatch.GetTimestamp();
        active.Ranker.Rank(active.Classifier.Probabilities, active.Result);
        bool changed = active.Decisions.Update(active.Result);
        long decided = Stopwatch.GetTimestamp();

        OfferToTaps(frame, active.Result, changed, decided);

        if (changed)
        {
            Publish(active, frame, captured);
        }

        if (Stream is { } stream && stream.Wants(decided))
        {
            // Allocates only for the frames the stream's rate limit lets through.
            stream.Publish(Decision.OfFrame(active.Result, CaptureTime(captured), FrameName(frame), frame.Sequence));
        }

        float total = Milliseconds(decided - captured);
        bool missed = decided - captured > _budgetTicks;
        _stats.FrameProcessed(Milliseconds(pickedUp - captured), Milliseconds(preprocessed - pickedUp), Milliseconds(inferred - preprocessed), Milliseconds(decided - inferred), total, missed);
        _stats.Health = missed ? HealthState.OverBudget : HealthState.Ok;
        if (_options.Degrade && Degrade.Record(total, decided))
        {
            OnDegradeChanged();
        }
    }

    private void OfferToTaps(Frame frame, ClassificationResult result, bool changed, long now)
    {
        // Indexed, not foreach: enumerating the list as an interface would allocate an enumerator every frame.
        IReadOnlyList<IFrameTap> taps = Taps;
        for (int i = 0; i < taps.Count; i++)
        {
            IFrameTap tap = taps[i];
            if (changed || tap.WantsFrame(result, now))
            {
                tap.Offer(frame, result, now);
            }
        }
    }

    /// <summary>Runs one inference, marked so <see cref="InferenceRunningFor"/> can tell one that never returns.</summary>
    private void Infer(IFrameClassifier classifier, long now)
    {
        Volatile.Write(ref _inferenceStarted, now);
        try
        {
            classifier.Infer();
        }
        finally
        {
            Volatile.Write(ref _inferenceStarted, 0);
        }
    }

    private void Publish(ClassifierSet active, Frame frame, long captured)
    {
        Decision decision = active.Decisions.Emit(active.Result, CaptureTime(captured), FrameName(frame), frame.Sequence) with { Trigger = Gate?.ActiveTrigger };
        foreach (IDecisionSink sink in _sinks)
        {
            // An output that has fallen behind drops its oldest decision and counts it (outputs.<name>.dropped).
            sink.Publish(decision);
        }
    }

    private void OnDegradeChanged()
    {
        _stats.DegradeLevel = Degrade.Level;
        _stats.DegradeState = Degrade.State;
        _stats.Model = Active.Classifier.Contract.Name;
        _stats.Provider = Active.Classifier.Contract.Provider;
        Active.Decisions.Reset();
        _logger.LogWarning("Frame budget {Budget} ms: degrade level {Level} ({State}), model {Model}", _options.BudgetMs, Degrade.Level, Degrade.State, _stats.Model);
    }

    private static DateTimeOffset CaptureTime(long capturedTicks) => DateTimeOffset.UtcNow - Stopwatch.GetElapsedTime(capturedTicks);

    private static string FrameName(Frame frame) => frame.Name ?? frame.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static float Milliseconds(long ticks) => (float)(ticks * 1000.0 / Stopwatch.Frequency);
}
