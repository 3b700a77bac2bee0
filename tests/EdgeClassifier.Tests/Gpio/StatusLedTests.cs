using System.Device.Gpio;
using System.Diagnostics;
using EdgeClassifier.Hardware.Gpio;
using EdgeClassifier.Outputs.Gpio;
using EdgeClassifier.Pipeline;
using static EdgeClassifier.Tests.Gpio.GpioTestKit;

namespace EdgeClassifier.Tests.Gpio;

/// <summary>Status LED patterns per health state.</summary>
public sealed class StatusLedTests
{
    public static TheoryData<HealthState> States => [.. Enum.GetValues<HealthState>()];

    [Theory]
    [MemberData(nameof(States))]
    public void LinePlaysThePatternOfEachHealthState(HealthState health)
    {
        // Step the LED from deadline to deadline, as the output thread does, without waiting in real time.
        using var driver = new RecordingGpioDriver();
        using var controller = new GpioController(driver);
        controller.OpenPin(5, PinMode.Output, PinValue.Low);
        var start = Stopwatch.GetTimestamp();
        var led = new StatusLedOutput(new OutputLine(controller, 5, activeLow: false, PinValue.Low), start);
        led.OnHealth(health, start);

        var played = new List<(PinValue Level, double Ms)>();
        var now = start;
        for (var i = 0; i < 2 * StatusPatterns.For(health).Count; i++)
        {
            var next = led.Refresh(now);
            played.Add((driver.LevelOf(5)!.Value, (next - now) * 1000.0 / Stopwatch.Frequency));
            now = next;
        }

        var pattern = StatusPatterns.For(health);
        var expected = pattern.Concat(pattern).Select((ms, i) => (i % 2 == 0 ? PinValue.High : PinValue.Low, (double)ms));
        Assert.Equal(expected.Select(e => e.Item1), played.Select(p => p.Level));
        Assert.Equal(expected.Select(e => e.Item2), played.Select(p => Math.Round(p.Ms)));
    }

    [Fact]
    public void EveryHealthStateHasItsOwnPattern()
    {
        var patterns = Enum.GetValues<HealthState>().Select(h => string.Join(",", StatusPatterns.For(h))).ToList();
        Assert.Equal(patterns.Count, patterns.Distinct().Count());
    }

    [Fact]
    public async Task ServiceShowsHeartbeatWhenOkAndABlinkCodeWhenTheBrokerIsDown()
    {
        var (service, driver) = await StartAsync(new GpioOptions { StatusLed = new() { Pin = 5 } });
        using (service)
        {
            service.ReportHealth(HealthState.Ok);
            await Task.Delay(1100);
            service.ReportHealth(HealthState.NoBroker);
            await Task.Delay(1100);
            await service.StopAsync(CancellationToken.None);
        }

        var widths = PulseWidths(driver, 5, PinValue.High);
        var heartbeat = widths.Where(w => w < 140).ToList();
        var flashes = widths.Where(w => w >= 140).ToList();
        Assert.True(heartbeat.Count >= 2, $"heartbeat blips: {string.Join(", ", widths)}");
        Assert.True(flashes.Count >= 3, $"broker flashes: {string.Join(", ", widths)}");
        // Medians: on a loaded machine a single edge can be late by a scheduler stall.
        Assert.InRange(heartbeat.Order().ElementAt(heartbeat.Count / 2), 80 - 25, 80 + 25);
        Assert.InRange(flashes.Order().ElementAt(flashes.Count / 2), 200 - 25, 200 + 25);
    }
}
