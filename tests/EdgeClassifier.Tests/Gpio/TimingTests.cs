using System.Device.Gpio;
using EdgeClassifier.Outputs.Gpio;
using Xunit.Abstractions;
using static EdgeClassifier.Tests.Gpio.GpioTestKit;

namespace EdgeClassifier.Tests.Gpio;

/// <summary>Blink, pulse and tone timing, measured from the recording driver's timestamps.</summary>
public sealed class TimingTests(ITestOutputHelper output)
{
    // The output thread sleeps with millisecond timers on a machine shared with builds: a single edge can be late by a
    // whole scheduler stall (over 100 ms was seen at load 18 on 2 cores). Phases are computed from the start, so the
    // median and the mean stay on time; those are what is checked, plus counts that stalls cannot change.
    private const double MedianToleranceMs = 10;

    // A pulse is two independent edges: a late end (the common case under load) lengthens it.
    private const double LatePulseToleranceMs = 30;
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
        output.WriteLine($"blink half-periods (ms): {Describe(intervals)}");
        Assert.InRange(intervals.Count, 8, 12);
        Assert.InRange(Median(intervals), 100 - MedianToleranceMs, 100 + MedianToleranceMs);
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
            Post(service, NoMatch());
            Post(service, Label("banana", 0.9f)); // and a third
            await Task.Delay(400);
            await service.StopAsync(CancellationToken.None);
        }

        var widths = PulseWidths(driver, 18, PinValue.High);
        output.WriteLine($"pulse widths (ms): {Describe(widths)}");
        Assert.Equal(3, widths.Count);
        Assert.InRange(Median(widths), 150 - MedianToleranceMs, 150 + LatePulseToleranceMs);
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
        output.WriteLine($"tone on-widths (ms): {Describe(on)}");
        Assert.InRange(on.Count, 10, 20);
        Assert.InRange(Median(on), 10 - 3, 10 + 3);

        // Stalls delay the first high or the final low; the time between them is still about the duration.
        var sounding = (changes[^1].At - changes[0].At).TotalMilliseconds;
        Assert.InRange(sounding, 400 - 40, 400 + 300);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string Describe(List<double> values)
        => $"n={values.Count} median={Median(values):F1} mean={values.Average():F1} min={values.Min():F1} max={values.Max():F1}";
}
