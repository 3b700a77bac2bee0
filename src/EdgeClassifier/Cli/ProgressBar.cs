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

    private readonly string _caption;
    private readonly int _total;
    private readonly TextWriter? _output;
    private readonly TimeProvider _time;
    private readonly long _started;
    private TimeSpan _lastDrawn;
    private bool _drawn;

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
        _caption = caption;
        _total = Math.Max(total, 1);
        _output = output;
        _time = time;
        _started = time.GetTimestamp();
    }

    /// <summary>Reports <paramref name="done"/> of the total.</summary>
    public void Report(int done)
    {
        if (_output is null)
        {
            return;
        }

        TimeSpan elapsed = _time.GetElapsedTime(_started);
        if (elapsed < Delay || (_drawn && elapsed - _lastDrawn < RedrawInterval && done < _total))
        {
            return;
        }

        _lastDrawn = elapsed;
        _drawn = true;
        int filled = (int)((long)Width * Math.Clamp(done, 0, _total) / _total);
        _output.Write($"\r{_caption} [{new string('#', filled)}{new string(' ', Width - filled)}] {done}/{_total}");
    }

    /// <summary>Ends the line so later output starts on a fresh one.</summary>
    public void Dispose()
    {
        if (_drawn)
        {
            _output!.WriteLine();
        }
    }
}
