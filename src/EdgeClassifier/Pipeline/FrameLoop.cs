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

    private readonly IFrameSource source;
    private PipelineModels models;
    private PipelineModels? pendingModels;
    private TaskCompletionSource? swapped;
    private IFrameTrial? trial;
    private bool trialTurn;
    private readonly PipelineOptions options;
    private readonly PipelineStats stats;
    private readonly IReadOnlyList<IDecisionSink> sinks;
    private readonly ILogger logger;
    private readonly long budgetTicks;
    private long lastSequence = -1;
    private int skipped;

    public FrameLoop(
        IFrameSource source,
        PipelineModels models,
        PipelineOptions options,
        PipelineStats stats,
        IReadOnlyList<IDecisionSink> sinks,
        ILogger logger)
    {
        this.source = source;
        this.models = models;
        this.options = options;
        this.stats = stats;
        this.sinks = sinks;
        this.logger = logger;
        Degrade = new DegradePolicy(options, models.Fallback is not null);
        budgetTicks = (long)(options.BudgetMs * Stopwatch.Frequency / 1000.0);
        stats.Model = models.Main.Classifier.Contract.Name;
        stats.Provider = models.Main.Classifier.Contract.Provider;
        stats.Source = source.Name;
    }

    public DegradePolicy Degrade { get; }

    /// <summary>While true, frames are taken from the camera and released unclassified.</summary>
    public bool Paused { get; set; }

    /// <summary>Decides per frame whether to classify it (GPIO triggers); null classifies every frame.</summary>
    public IFrameGate? Gate { get; set; }

    /// <summary>Receives copies of frames that change a decision (snapshots); null when nothing needs them.</summary>
    public IFrameTap? Tap { get; set; }

    /// <summary>The models in use; after <see cref="SwapModels"/>, the new ones once the next frame starts.</summary>
    public PipelineModels Models => models;

    /// <summary>The main and (if any) fallback classifier sets.</summary>
    public IEnumerable<ClassifierSet> ClassifierSets => models.Fallback is null ? [models.Main] : [models.Main, models.Fallback];

    /// <summary>The classifier in use (main, or fallback at degrade level 2).</summary>
    public ClassifierSet Active => Degrade.UseFallback && models.Fallback is not null ? models.Fallback : models.Main;

    /// <summary>
    /// Switches to other models (a reload) between two frames; the frame thread disposes the old ones, so no
    /// inference ever runs on a disposed session.
    /// </summary>
    /// <returns>A task that completes once the frame thread runs the new models.</returns>
    public Task SwapModels(PipelineModels replacement)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref swapped, done)?.TrySetResult();
        Interlocked.Exchange(ref pendingModels, replacement)?.Dispose();
        return done.Task;
    }

    /// <summary>
    /// Gives every other frame to <paramref name="candidate"/> until it says it is done (see <see cref="IFrameTrial"/>);
    /// false when another trial is still running.
    /// </summary>
    public bool BeginTrial(IFrameTrial candidate) => Interlocked.CompareExchange(ref trial, candidate, null) is null;

    /// <summary>Ends <paramref name="candidate"/>'s trial early (e.g. the rollout was cancelled).</summary>
    public void EndTrial(IFrameTrial candidate) => Interlocked.CompareExchange(ref trial, null, candidate);

    /// <summary>
    /// Runs the first frame through every model a few times without counting it, so just-in-time compilation and
    /// ONNX Runtime's first-run allocations do not land on the frames the budget is measured on.
    /// </summary>
    public void WarmUp(int rounds = 3)
    {
        if (source.TryAcquire(TimeSpan.FromSeconds(5), out Frame frame) != FrameWaitResult.Frame)
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
                    set.Classifier.Infer();
                    set.Ranker.Rank(set.Classifier.Probabilities, set.Result);
                }
            }
        }
        finally
        {
            source.Release();
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
        if (Interlocked.Exchange(ref pendingModels, null) is { } replacement)
        {
            PipelineModels old = models;
            models = replacement;
            old.Dispose();
            stats.Model = Active.Classifier.Contract.Name;
            Active.Decisions.Reset();
            logger.LogInformation("Switched to model {Model}", stats.Model);
            Interlocked.Exchange(ref swapped, null)?.TrySetResult();
        }

        FrameWaitResult wait = source.TryAcquire(AcquireTimeout, out Frame frame);
        switch (wait)
        {
            case FrameWaitResult.End:
                return false;
            case FrameWaitResult.Frame:
                break;
            default:
                stats.Health = HealthState.NoCamera;
                return true;
        }

        long pickedUp = Stopwatch.GetTimestamp();
        try
        {
            Process(frame, pickedUp);
        }
        finally
        {
            source.Release();
        }

        return true;
    }

    private void Process(Frame frame, long pickedUp)
    {
        stats.FrameCaptured();
        if (lastSequence >= 0 && frame.Sequence > lastSequence + 1)
        {
            // A gap is frames the driver lost, except those the source received and passed over on purpose.
            long gap = frame.Sequence - lastSequence - 1;
            long passedOver = Math.Min(gap, frame.SkippedBefore);
            stats.DriverDropped(gap - passedOver);
            stats.FramesDropped(passedOver);
        }

        lastSequence = frame.Sequence;

        // A timestamp on another clock (or none) cannot be aged: count from pick-up instead.
        long captured = frame.Timestamp;
        if (captured <= 0 || pickedUp - captured > ClockMismatchTicks || captured > pickedUp)
        {
            captured = pickedUp;
        }

        if (trial is { } candidate && (trialTurn = !trialTurn))
        {
            if (!candidate.Run(frame.Image, pickedUp))
            {
                EndTrial(candidate);
            }

            return;
        }

        if (Paused || (Gate is { } gate && !gate.ShouldProcessFrame(pickedUp)))
        {
            stats.Health = HealthState.Idle;
            return;
        }

        if (skipped < Degrade.FrameSkip || pickedUp - captured > budgetTicks)
        {
            skipped = Math.Min(skipped + 1, Degrade.FrameSkip);
            stats.FrameDropped();
            return;
        }

        skipped = 0;
        Gate?.OnFrameProcessed();
        ClassifierSet active = Active;
        active.Classifier.Preprocess(frame.Image);
        long preprocessed = Stopwatch.GetTimestamp();
        active.Classifier.Infer();
        long inferred = Stopwatch.GetTimestamp();
        active.Ranker.Rank(active.Classifier.Probabilities, active.Result);
        bool changed = active.Decisions.Update(active.Result);
        long decided = Stopwatch.GetTimestamp();

        if (Tap is { } tap && (changed || tap.WantsFrame(decided)))
        {
            tap.Offer(frame.Image, frame.Sequence, decided);
        }

        if (changed)
        {
            Publish(active, frame, captured);
        }

        float total = Milliseconds(decided - captured);
        bool missed = decided - captured > budgetTicks;
        stats.FrameProcessed(Milliseconds(pickedUp - captured), Milliseconds(preprocessed - pickedUp), Milliseconds(inferred - preprocessed), Milliseconds(decided - inferred), total, missed);
        stats.Health = missed ? HealthState.OverBudget : HealthState.Ok;
        if (options.Degrade && Degrade.Record(total, decided))
        {
            OnDegradeChanged();
        }
    }

    private void Publish(ClassifierSet active, Frame frame, long captured)
    {
        DateTimeOffset timestamp = DateTimeOffset.UtcNow - Stopwatch.GetElapsedTime(captured);
        string name = frame.Name ?? frame.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Decision decision = active.Decisions.Emit(active.Result, timestamp, name, frame.Sequence) with { Trigger = Gate?.ActiveTrigger };
        foreach (IDecisionSink sink in sinks)
        {
            if (!sink.TryPublish(decision))
            {
                logger.LogWarning("Output {Sink} is behind; a decision was dropped from its queue", sink.Name);
            }
        }
    }

    private void OnDegradeChanged()
    {
        stats.DegradeLevel = Degrade.Level;
        stats.DegradeState = Degrade.State;
        stats.Model = Active.Classifier.Contract.Name;
        stats.Provider = Active.Classifier.Contract.Provider;
        Active.Decisions.Reset();
        logger.LogWarning("Frame budget {Budget} ms: degrade level {Level} ({State}), model {Model}", options.BudgetMs, Degrade.Level, Degrade.State, stats.Model);
    }

    private static float Milliseconds(long ticks) => (float)(ticks * 1000.0 / Stopwatch.Frequency);
}
