using System.Diagnostics;
using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Outputs.Gpio;

/// <summary>
/// The output thread: applies queued decisions, scanned codes and health to the board, drives the lines, and sleeps until the next
/// blink/pulse edge or until the queue wakes it.
/// </summary>
internal static class GpioOutputLoop
{
    /// <summary>Longest sleep; bounds how late a missed wake-up is noticed.</summary>
    private const int MaxSleepMs = 1000;

    public static void Run(GpioOutputQueue queue, GpioOutputBoard board, CancellationToken cancellationToken)
    {
        using var wakeOnCancel = cancellationToken.Register(() => queue.Wake.Set());
        HealthState? shown = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            while (queue.Pending.TryRead(out var decision))
            {
                board.OnDecision(decision, now);
            }

            while (queue.PendingCodes.TryRead(out var code))
            {
                board.OnCode(code, now);
            }

            var health = queue.Health;
            if (health != shown)
            {
                board.OnHealth(health, now);
                shown = health;
            }

            var next = board.Refresh(now);
            queue.Wake.WaitOne(SleepMs(next, Stopwatch.GetTimestamp()));
        }
    }

    private static int SleepMs(long next, long now)
    {
        if (next == long.MaxValue)
        {
            return MaxSleepMs;
        }

        // Round up: waking early would just loop once more, waking late shifts the edge.
        var ms = Math.Ceiling((next - now) * 1000.0 / Stopwatch.Frequency);
        return (int)Math.Clamp(ms, 0, MaxSleepMs);
    }
}
