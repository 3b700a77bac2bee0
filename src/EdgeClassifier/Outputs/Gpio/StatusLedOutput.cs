using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Outputs.Gpio;

/// <summary>The status LED: plays the <see cref="StatusPatterns"/> pattern of the current health from its start.</summary>
internal sealed class StatusLedOutput(OutputLine line, long now) : IGpioOutput
{
    private long[] _segments = ToTicks(HealthState.Starting);
    private long _cycle = ToTicks(HealthState.Starting).Sum();
    private long _since = now;

    public void OnHealth(HealthState health, long now)
    {
        _segments = ToTicks(health);
        _cycle = _segments.Sum();
        _since = now;
    }

    public long Refresh(long now)
    {
        var position = (now - _since) % _cycle;
        var end = 0L;
        for (var i = 0; i < _segments.Length; i++)
        {
            end += _segments[i];
            if (position < end)
            {
                line.SetActive(i % 2 == 0);
                return now + (end - position);
            }
        }

        return now;
    }

    public void RestoreSafeLevel() => line.RestoreSafeLevel();

    private static long[] ToTicks(HealthState health) => [.. StatusPatterns.For(health).Select(ms => Ticks.FromMilliseconds(ms))];
}
