namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// At most N runs of each command name in any 60 seconds (a sliding window), so a flood of <c>snapshot</c> commands
/// cannot push the event snapshots out through retention, nor repeated <c>reload</c>s starve the frame loop.
/// </summary>
public sealed class CommandRateLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly int _perMinute;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Queue<long>> _runs = new(StringComparer.Ordinal);

    /// <summary>Creates a limiter allowing <paramref name="perMinute"/> runs of each command per minute.</summary>
    public CommandRateLimiter(int perMinute, TimeProvider time)
    {
        _perMinute = perMinute;
        _time = time;
    }

    /// <summary>Commands refused so far.</summary>
    public long Refused { get; private set; }

    /// <summary>True (and counted as a run) when <paramref name="command"/> may run now.</summary>
    public bool TryAcquire(string command)
    {
        long now = _time.GetTimestamp();
        if (!_runs.TryGetValue(command, out var runs))
        {
            runs = new Queue<long>(_perMinute);
            _runs[command] = runs;
        }

        while (runs.Count > 0 && _time.GetElapsedTime(runs.Peek(), now) >= Window)
        {
            runs.Dequeue();
        }

        if (runs.Count >= _perMinute)
        {
            Refused++;
            return false;
        }

        runs.Enqueue(now);
        return true;
    }
}
