using System.Device.Gpio;
using EdgeClassifier.Outputs.Gpio;
using static EdgeClassifier.Tests.Gpio.GpioTestKit;

namespace EdgeClassifier.Tests.Gpio;

/// <summary>Blink, pulse and tone timing, measured from the recording driver's timestamps.</summary>
public sealed class TimingTests
{
    // The output thread sleeps with millisecond timers on a shared machine: single edges may be late, but phases are
    // computed from the start, so the average stays on time.
    private const double EdgeToleranceMs = 60;
    private const double MeanToleranceMs = 15;

    [Fact]
    public async Task BlinkTogglesEveryHalfPeriodWhileTheConditionHolds()
    {
        var (service, driver) = await StartAsync(new GpioOptions
        {
            Indicators = [new() { Pin = 17, Mode = IndicatorMode.Blink, BlinkPeriodMs = 200, When = new() { Label = "banana" } }],
        });
        using (service)
        {
            Post(service, Label("banana", 0.9f));
            Assert.True(WaitForLevel(driver, 17, PinValue.High));
            await Task.Delay(1050);
            Post(service, Label("apple", 0.9f));
            Assert.True(WaitForLevel(driver, 17, PinValue.Low));
            await Task.Delay(300);
            await service.StopAsync(CancellationToken.None);
        }

        var changes = driver.ChangesOf(17).Skip(1).ToList(); // skip the initial low at open
        var intervals = changes.Zip(changes.Skip(1), (a, b) => (b.At - a.At).TotalMilliseconds).SkipLast(1).ToList();
        Assert.InRange(intervals.Count, 8, 12);
        Assert.All(intervals, ms => Assert.InRange(ms, 100 - EdgeToleranceMs, 100 + EdgeToleranceMs));
        Assert.InRange(intervals.Average(), 100 - MeanToleranceMs, 100 + MeanToleranceMs);
        Assert.Equal(PinValue.Low, driver.LevelOf(17));
    }

    [Fact]
    public async Task PulseFiresOnceEachTimeTheConditionBecomesTrue()
    {
        var (service, driver) = await StartAsync(new GpioOptions
        {
            Indicators = [new() { Pin = 18, Mode = IndicatorMode.Pulse, DurationMs = 150, When = new() { Label = "banana" } }],
        });
        using (service)
        {
            Post(service, Label("banana", 0.9f));
            await Task.Delay(400);
            Post(service, Label("banana", 0.95f)); // still holds: no new pulse
            await Task.Delay(300);
            Post(service, Label("apple", 0.9f));
            Post(service, Label("banana", 0.9f)); // holds again: second pulse
            await Task.Delay(400);
            await service.StopAsync(CancellationToken.None);
        }

        var widths = PulseWidths(driver, 18, PinValue.High);
        Assert.Equal(2, widths.Count);
        Assert.All(widths, ms => Assert.InRange(ms, 150 - 5, 150 + EdgeToleranceMs));
    }

    [Fact]
    public async Task BuzzerToneTogglesAtItsFrequencyForItsDuration()
    {
        var (service, driver) = await StartAsync(new GpioOptions
        {
            Buzzer = new() { Pin = 13, Mode = BuzzerMode.Tone, FrequencyHz = 50, DurationMs = 400, When = new() { NoMatch = true } },
        });
        using (service)
        {
            Post(service, NoMatch());
            await Task.Delay(700);
            await service.StopAsync(CancellationToken.None);
        }

        // 50 Hz: 10 ms on, 10 ms off, 20 cycles in 400 ms.
        var changes = driver.ChangesOf(13).Skip(1).ToList();
        var on = PulseWidths(driver, 13, PinValue.High);
        Assert.InRange(on.Count, 17, 20);
        Assert.InRange(on.Average(), 10 - 3, 10 + 3);
        var sounding = (changes[^1].At - changes[0].At).TotalMilliseconds;
        Assert.InRange(sounding, 400 - 15, 400 + EdgeToleranceMs);
    }
}
