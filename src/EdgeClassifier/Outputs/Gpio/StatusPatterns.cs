using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Outputs.Gpio;

/// <summary>
/// The status LED's blink patterns: alternating on/off durations in milliseconds, repeated. Problems are blink codes
/// a person can count (2, 3, 4 flashes), so they stay apart from the heartbeat and from each other.
/// </summary>
public static class StatusPatterns
{
    /// <summary>The pattern for <paramref name="health"/>, starting with an on segment.</summary>
    public static IReadOnlyList<int> For(HealthState health) => health switch
    {
        HealthState.Starting => [500, 500],
        HealthState.Ok => [80, 120, 80, 720],
        HealthState.Idle => [80, 1920],
        HealthState.NoCamera => Flashes(2),
        HealthState.NoBroker => Flashes(3),
        HealthState.OverBudget => Flashes(4),
        HealthState.Error => [100, 100],
        _ => throw new ArgumentOutOfRangeException(nameof(health), health, null),
    };

    private static int[] Flashes(int count)
    {
        const int flashMs = 200;
        const int pauseMs = 1200;
        var segments = new int[count * 2];
        Array.Fill(segments, flashMs);
        segments[^1] = pauseMs;
        return segments;
    }
}
