namespace EdgeClassifier.Cli;

/// <summary>
/// A one-line progress bar on stderr for long-running commands. It draws only when stderr is a terminal, and only
/// once the work has taken longer than a moment, so quick runs, pipes and logs stay clean.
/// </summary>
public sealed class ProgressBar : IDisposable
{
    private const int Width = 30;
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    private readonly string caption;
    private readonly int total;
    private readonly TextWriter? output;
    private readonly TimeProvider time;
    private readonly long started;
    private TimeSpan lastDrawn;
    private bool drawn;

    /// <param name="caption">What is being counted, e.g. "embedding".</param>
    /// <param name="total">The count at completion.</param>
    /// <param name="enabled">False to never draw (e.g. with --json).</param>
    public ProgressBar(string caption, int total, bool enabled)
        : this(caption, total, enabled && !Console.IsErrorRedirected ? Console.Error : null, TimeProvider.System)
    {
    }

    /// <summary>Draws on <paramref name="output"/> (null: never) with <paramref name="time"/> as the clock.</summary>
    internal ProgressBar(string caption, int total, TextWriter? output, TimeProvider time)
    {
        this.caption = caption;
        this.total = Math.Max(total, 1);
        this.output = output;
        this.time = time;
        started = time.GetTimestamp();
    }

    /// <summary>Reports <paramref name="done"/> of the total.</summary>
    public void Report(int done)
    {
        if (output is null)
        {
            return;
        }

        TimeSpan elapsed = time.GetElapsedTime(started);
        if (elapsed < Delay || (drawn && elapsed - lastDrawn < RedrawInterval && done < total))
        {
            return;
        }

        lastDrawn = elapsed;
        drawn = true;
        int filled = (int)((long)Width * Math.Clamp(done, 0, total) / total);
        output.Write($"\r{caption} [{new string('#', filled)}{new string(' ', Width - filled)}] {done}/{total}");
    }

    /// <summary>Ends the line so later output starts on a fresh one.</summary>
    public void Dispose()
    {
        if (drawn)
        {
            output!.WriteLine();
        }
    }
}
