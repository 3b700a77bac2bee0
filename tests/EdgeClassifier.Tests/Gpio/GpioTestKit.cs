using System.Device.Gpio;
using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Gpio;
using EdgeClassifier.Outputs.Gpio;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Tests.Gpio;

/// <summary>Builds a started <see cref="GpioOutputService"/> over recording drivers, and decisions to feed it.</summary>
internal static class GpioTestKit
{
    public static async Task<(GpioOutputService Service, RecordingGpioDriver Driver)> StartAsync(
        GpioOptions options, TimeProvider? time = null)
    {
        var chips = new RecordingChipFactory();
        var service = new GpioOutputService(Options.Create(options), chips, NullLogger<GpioOutputService>.Instance, time);
        await service.StartAsync(CancellationToken.None);
        return (service, chips.Driver(GpioChipPath.TryParse(options.Chip, out var chip) ? chip : 0));
    }

    public static Decision Label(string label, float score, bool ambiguous = false)
        => new(label, 0, score, ambiguous, [new Category(0, label, score)], DateTimeOffset.UtcNow, "test", 1);

    public static Decision NoMatch() => new(null, -1, 0, false, [], DateTimeOffset.UtcNow, "test", 1);

    /// <summary>
    /// Waits (polling) until <paramref name="pin"/> is at <paramref name="level"/>; false after 15 s. It returns at the
    /// first match; the bound is generous because the whole suite starting at once on two cores delayed the output
    /// thread's first decisions past 2 s (CI).
    /// </summary>
    public static bool WaitForLevel(RecordingGpioDriver driver, int pin, PinValue level)
        => SpinWait.SpinUntil(() => driver.LevelOf(pin) == level, TimeSpan.FromSeconds(15));

    /// <summary>Posts a decision and lets the output thread apply it.</summary>
    public static void Post(GpioOutputService service, Decision decision)
        => service.Decisions.Publish(decision);

    /// <summary>The on-durations (level = <paramref name="on"/>) of <paramref name="pin"/>, in milliseconds, complete ones only.</summary>
    public static List<double> PulseWidths(RecordingGpioDriver driver, int pin, PinValue on)
    {
        var changes = driver.ChangesOf(pin);
        var widths = new List<double>();
        for (var i = 0; i + 1 < changes.Count; i++)
        {
            if (changes[i].Value == on)
            {
                widths.Add((changes[i + 1].At - changes[i].At).TotalMilliseconds);
            }
        }

        return widths;
    }
}
