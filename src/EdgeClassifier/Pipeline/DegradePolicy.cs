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
    private readonly PipelineOptions _options;
    private readonly bool _hasFallback;
    private readonly RollingWindow _window;
    private readonly float[] _scratch;
    private long _underBudgetSince;

    public DegradePolicy(PipelineOptions options, bool hasFallback)
    {
        _options = options;
        _hasFallback = hasFallback;
        _window = new RollingWindow(options.WindowFrames);
        _scratch = new float[options.WindowFrames];
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
        _window.Add(totalMs);
        if (_window.Count < _window.Capacity)
        {
            return false;
        }

        float p95 = _window.Percentile(0.95, _scratch);
        if (p95 > _options.BudgetMs)
        {
            _underBudgetSince = 0;
            return StepDown();
        }

        if (Level == 0)
        {
            return false;
        }

        if (_underBudgetSince == 0)
        {
            _underBudgetSince = nowTicks;
        }

        if (Stopwatch.GetElapsedTime(_underBudgetSince, nowTicks).TotalSeconds < _options.RecoverSeconds)
        {
            return false;
        }

        StepUp();
        return true;
    }

    private bool StepDown()
    {
        if (FrameSkip < _options.MaxFrameSkip)
        {
            FrameSkip++;
            Level = Math.Max(Level, 1);
        }
        else if (_hasFallback && Level < 2)
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
        _window.Clear();
        _underBudgetSince = 0;
    }
}
