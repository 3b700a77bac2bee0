using System.Diagnostics;
using EdgeClassifier.Barcodes;
using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Inference;
using EdgeClassifier.Inference.Providers;
using EdgeClassifier.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeClassifier.Benchmarking;

/// <summary>
/// Runs the real frame path (<see cref="FrameLoop"/> with its source, preprocessor, model, ranker and decisions) the
/// way the service does, without degrading, and records every frame: first frame, warm-up, then the measured frames.
/// </summary>
/// <param name="settings">What to measure.</param>
/// <param name="sessions">Creates the session and reports skipped providers.</param>
/// <param name="log">Camera problems, one message each.</param>
/// <param name="progress">The phase and frame count, every half second; null for none.</param>
public sealed class BenchRunner(BenchSettings settings, SessionFactory sessions, Action<string> log, Action<string>? progress = null)
{
    private static readonly TimeSpan NoFrameLimit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Measures; blocks until done.</summary>
    /// <exception cref="ArgumentException">The source settings are invalid.</exception>
    /// <exception cref="ModelLoadException">The model cannot be loaded.</exception>
    /// <exception cref="InvalidOperationException">The source stopped giving frames.</exception>
    public BenchReport Run()
    {
        using ResilientFrameSource source = FrameSourceFactory.Create(BenchSource.Parse(settings.Source), message => log($"camera: {message}"));

        progress?.Invoke($"loading {Path.GetFileName(settings.ModelPath)}");
        long loadStart = Stopwatch.GetTimestamp();
        ImageClassifier classifier = ImageClassifier.Load(new ModelOptions { Path = settings.ModelPath }, settings.Runtime, sessions);
        double loadMs = Stopwatch.GetElapsedTime(loadStart).TotalMilliseconds;
        using var model = new ClassifierSet(classifier, new ClassificationOptions(), new DecisionOptions());

        var stats = new PipelineStats();
        var decisions = new DecisionCounter();
        var loop = new FrameLoop(source, new PipelineModels(model, null), new PipelineOptions { BudgetMs = settings.BudgetMs, Degrade = false }, stats, [decisions], NullLogger.Instance);
        source.Start();
        try
        {
            var first = new StageSamples(1);
            RunPhase(loop, stats, first, "first frame", null);
            var warmup = new StageSamples(settings.Warmup);
            RunPhase(loop, stats, warmup, "warm-up", null);

            var measured = new StageSamples(MeasuredCapacity());
            long decisionsBefore = decisions.Count;
            var (seconds, allocated) = RunPhase(loop, stats, measured, "measuring", settings.Duration);

            return Report(classifier.Contract, source.Name, loadMs, first, warmup, measured, seconds, allocated) with
            {
                DecisionChanges = decisions.Count - decisionsBefore,
                Barcodes = settings.Barcodes ? MeasureWithBarcodes(loop, stats) : null,
            };
        }
        finally
        {
            source.Stop();
        }
    }

    /// <summary>The measured phase again, with the barcode reader decoding every frame it keeps up with beside the loop.</summary>
    private BarcodeBenchReport MeasureWithBarcodes(FrameLoop loop, PipelineStats stats)
    {
        var options = new BarcodeOptions { Enabled = true, MaxRate = 0 };
        using var worker = BarcodeWorker.Create(options, () => null, [], TimeProvider.System, NullLogger.Instance);
        loop.Taps = [new BarcodeFrameTap(worker, options, new BarcodeDecisionTracker())];
        var warmup = new StageSamples(settings.Warmup);
        RunPhase(loop, stats, warmup, "warm-up with barcodes", null);
        var measured = new StageSamples(MeasuredCapacity());
        long decodedBefore = worker.Decoded;
        long replacedBefore = worker.Replaced;
        var (seconds, allocated) = RunPhase(loop, stats, measured, "measuring with barcodes", settings.Duration);
        loop.Taps = [];
        long decoded = worker.Decoded - decodedBefore;
        return new BarcodeBenchReport(
            options.Formats,
            decoded,
            worker.Replaced - replacedBefore,
            StageSummary.Of(worker.Times.Latest(decoded)),
            measured.Count,
            Math.Round(measured.Count / Math.Max(seconds, 1e-9), 2),
            StageSummary.Of(measured.Of(Stage.Inference)),
            StageSummary.Of(measured.Of(Stage.Total)),
            Math.Round(allocated / (double)Math.Max(measured.Count, 1), 1));
    }

    /// <summary>Sized up front so recording never allocates: a timed run is capped at the unpaced source's 1000 fps.</summary>
    private int MeasuredCapacity() => settings.Duration is { } duration
        ? (int)Math.Min(int.MaxValue / 8, Math.Ceiling(duration.TotalSeconds * 1000) + 1)
        : settings.Runs;

    /// <summary>
    /// Steps the loop until <paramref name="samples"/> is full or <paramref name="duration"/> has passed; returns the
    /// seconds taken and the managed bytes this thread allocated in the loop.
    /// </summary>
    private (double Seconds, long Allocated) RunPhase(FrameLoop loop, PipelineStats stats, StageSamples samples, string phase, TimeSpan? duration)
    {
        stats.Recorder = samples;
        progress?.Invoke($"{phase}: 0 frames");
        using Timer? reporter = progress is null ? null : new Timer(_ => progress($"{phase}: {samples.Count} frames"), null, ProgressInterval, ProgressInterval);
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        long endTicks = duration is { } limit ? start + (long)(limit.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        long noFrameTicks = (long)(NoFrameLimit.TotalSeconds * Stopwatch.Frequency);
        long lastProgress = start;
        int lastCount = 0;
        long now = start;
        while (!samples.Full && now < endTicks)
        {
            if (!loop.Step())
            {
                throw new InvalidOperationException($"The source ended during {phase} after {samples.Count} frames.");
            }

            now = Stopwatch.GetTimestamp();
            if (samples.Count != lastCount)
            {
                lastCount = samples.Count;
                lastProgress = now;
            }
            else if (now - lastProgress > noFrameTicks)
            {
                throw new InvalidOperationException($"No frame was classified for {NoFrameLimit.TotalSeconds:F0} s during {phase} (health: {stats.Health}).");
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        stats.Recorder = null;
        return (Stopwatch.GetElapsedTime(start, now).TotalSeconds, allocated);
    }

    private BenchReport Report(ModelContract contract, string sourceName, double loadMs, StageSamples first, StageSamples warmup, StageSamples measured, double seconds, long allocated)
    {
        int misses = 0;
        foreach (float total in measured.Of(Stage.Total))
        {
            misses += total > settings.BudgetMs ? 1 : 0;
        }

        var stages = new Dictionary<string, StageSummary>
        {
            ["captureToInput"] = StageSummary.Of(measured.Of(Stage.CaptureAge)),
            ["preprocess"] = StageSummary.Of(measured.Of(Stage.Preprocess)),
            ["inference"] = StageSummary.Of(measured.Of(Stage.Inference)),
            ["decision"] = StageSummary.Of(measured.Of(Stage.Decision)),
            ["total"] = StageSummary.Of(measured.Of(Stage.Total)),
        };
        return new BenchReport(
            contract.Name,
            contract.Provider,
            sourceName,
            settings.Runtime.EffectiveThreads,
            settings.Runtime.Spinning,
            Math.Round(loadMs, 3),
            Math.Round(first.Of(Stage.Inference)[0], 3),
            warmup.Count,
            warmup.Count == 0 ? 0 : Math.Round(StageSummary.Of(warmup.Of(Stage.Total)).Avg, 3),
            measured.Count,
            Math.Round(seconds, 3),
            Math.Round(measured.Count / Math.Max(seconds, 1e-9), 2),
            settings.BudgetMs,
            misses,
            Math.Round(allocated / (double)Math.Max(measured.Count, 1), 1),
            PeakMemory.ResidentBytes(),
            stages);
    }
}
