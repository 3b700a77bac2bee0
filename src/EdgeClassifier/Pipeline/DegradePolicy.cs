using System.Diagnostics;

namespace EdgeClassifier.Pipeline;

/// <summary>
/// Keeps the frame budget by degrading in steps when the rolling p95 of the total frame time exceeds it:
/// level 1 processes fewer frames (skipping 1, then 2, … up to <see cref="PipelineOptions.MaxFrameSkip"/> between
/// processed ones), level 2 switches to the fallback model when one is configured. After
/// <see cref="PipelineOptions.RecoverSeconds"/> back under budget it steps back one notch at a time.
/// Runs on the frame thread; allocation-free.
/// </summary>
public sealed class DegradePolicy
{
    private readonly PipelineOptions options;
    private readonly bool hasFallback;
    private readonly RollingWindow window;
    private readonly float[] scratch;
    private long underBudgetSince;

    public DegradePolicy(PipelineOptions options, bool hasFallback)
    {
        this.options = options;
        this.hasFallback = hasFallback;
        window = new RollingWindow(options.WindowFrames);
        scratch = new float[options.WindowFrames];
    }

    /// <summary>0 normal, 1 skipping frames, 2 running the fallback model.</summary>
    public int Level { get; private set; }

    /// <summary>Frames to skip after each processed frame.</summary>
    public int FrameSkip { get; private set; }

    /// <summary>True at level 2: classify with the fallback model.</summary>
    public bool UseFallback => Level == 2;

    /// <summary>A short description of the current step, for logs and stats.</summary>
    public string State => Level switch
    {
        0 => "normal",
        1 => $"skipping {FrameSkip} of every {FrameSkip + 1} frames",
        _ => $"fallback model, skipping {FrameSkip} of every {FrameSkip + 1} frames",
    };

    /// <summary>Records a processed frame's total time; returns true when the level or skip changed.</summary>
    public bool Record(float totalMs, long nowTicks)
    {
        window.Add(totalMs);
        if (window.Count < window.Capacity)
        {
            return false;
        }

        float p95 = window.Percentile(0.95, scratch);
        if (p95 > options.BudgetMs)
        {
            underBudgetSince = 0;
            return StepDown();
        }

        if (Level == 0)
        {
            return false;
        }

        if (underBudgetSince == 0)
        {
            underBudgetSince = nowTicks;
        }

        if (Stopwatch.GetElapsedTime(underBudgetSince, nowTicks).TotalSeconds < options.RecoverSeconds)
        {
            return false;
        }

        StepUp();
        return true;
    }

    private bool StepDown()
    {
        if (FrameSkip < options.MaxFrameSkip)
        {
            FrameSkip++;
            Level = Math.Max(Level, 1);
        }
        else if (hasFallback && Level < 2)
        {
            Level = 2;
        }
        else
        {
            return false;
        }

        Restart();
        return true;
    }

    private void StepUp()
    {
        if (Level == 2)
        {
            Level = 1;
        }
        else if (--FrameSkip == 0)
        {
            Level = 0;
        }

        Restart();
    }

    /// <summary>Each new step is judged on frames measured under it, not on the ones before.</summary>
    private void Restart()
    {
        window.Clear();
        underBudgetSince = 0;
    }
}
