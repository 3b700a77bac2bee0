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
    private readonly ClassifierSet main;
    private readonly ClassifierSet? fallback;
    private readonly PipelineOptions options;
    private readonly PipelineStats stats;
    private readonly IReadOnlyList<IDecisionSink> sinks;
    private readonly ILogger logger;
    private readonly long budgetTicks;
    private long lastSequence = -1;
    private int skipped;

    public FrameLoop(
        IFrameSource source,
        ClassifierSet main,
        ClassifierSet? fallback,
        PipelineOptions options,
        PipelineStats stats,
        IReadOnlyList<IDecisionSink> sinks,
        ILogger logger)
    {
        this.source = source;
        this.main = main;
        this.fallback = fallback;
        this.options = options;
        this.stats = stats;
        this.sinks = sinks;
        this.logger = logger;
        Degrade = new DegradePolicy(options, fallback is not null);
        budgetTicks = (long)(options.BudgetMs * Stopwatch.Frequency / 1000.0);
        stats.Model = main.Classifier.Contract.Name;
        stats.Source = source.Name;
    }

    public DegradePolicy Degrade { get; }

    /// <summary>While true, frames are taken from the camera and released unclassified.</summary>
    public bool Paused { get; set; }

    /// <summary>Decides per frame whether to classify it (GPIO triggers); null classifies every frame.</summary>
    public IFrameGate? Gate { get; set; }

    /// <summary>The classifier in use (main, or fallback at degrade level 2).</summary>
    public ClassifierSet Active => Degrade.UseFallback && fallback is not null ? fallback : main;

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
            stats.DriverDropped(frame.Sequence - lastSequence - 1);
        }

        lastSequence = frame.Sequence;

        // A timestamp on another clock (or none) cannot be aged: count from pick-up instead.
        long captured = frame.Timestamp;
        if (captured <= 0 || pickedUp - captured > ClockMismatchTicks || captured > pickedUp)
        {
            captured = pickedUp;
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

        if (changed)
        {
            Publish(active, frame, captured);
        }

        float total = Milliseconds(decided - captured);
        bool missed = decided - captured > budgetTicks;
        stats.FrameProcessed(Milliseconds(pickedUp - captured), Milliseconds(preprocessed - pickedUp), Milliseconds(inferred - preprocessed), Milliseconds(decided - inferred), total, missed);
        stats.Health = missed ? HealthState.OverBudget : HealthState.Ok;
        if (Degrade.Record(total, decided))
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
        Active.Decisions.Reset();
        logger.LogWarning("Frame budget {Budget} ms: degrade level {Level} ({State}), model {Model}", options.BudgetMs, Degrade.Level, Degrade.State, stats.Model);
    }

    private static float Milliseconds(long ticks) => (float)(ticks * 1000.0 / Stopwatch.Frequency);
}
