using System.Device.Gpio;
using EdgeClassifier.Hardware.Gpio;
using EdgeClassifier.Outputs.Gpio;
using EdgeClassifier.Outputs.Gpio.Triggers;

namespace EdgeClassifier.Tests.Gpio;

/// <summary>
/// Trigger modes end to end: edges driven on a recording driver reach the gate through GpioController callbacks, and a
/// simulated 30 fps frame loop asks the gate before each frame, on a manual clock.
/// </summary>
public sealed class TriggerTests
{
    private static readonly TimeSpan FrameInterval = TimeSpan.FromMilliseconds(33);

    [Fact]
    public async Task PirEdgesStartBurstsOfFramesAndTheFramePathIdlesBetween()
    {
        var (gate, driver, time, service) = await StartAsync(new TriggerOptions { Pin = 4, Mode = TriggerMode.Trigger, BurstFrames = 3 });
        using (service)
        {
            Assert.Equal(0, RunFrames(gate, time, 10));
            Assert.Equal(10, gate.SkippedFrames);

            driver.DriveInput(4, PinValue.High);
            Assert.Equal(3, RunFrames(gate, time, 10));

            driver.DriveInput(4, PinValue.Low);
            Assert.Equal(0, RunFrames(gate, time, 10));
            driver.DriveInput(4, PinValue.High);
            Assert.Equal(3, RunFrames(gate, time, 10));
            Assert.Equal(2, gate.Triggers);
            Assert.Equal(34, gate.SkippedFrames);
        }
    }

    [Fact]
    public async Task BurstSecondsLimitsTheBurstByTime()
    {
        var (gate, driver, time, service) = await StartAsync(new TriggerOptions { Pin = 4, Mode = TriggerMode.Trigger, BurstSeconds = 0.5 });
        using (service)
        {
            driver.DriveInput(4, PinValue.High);

            // Frames at 0, 33, ..., 495 ms are inside the 500 ms burst.
            Assert.Equal(16, RunFrames(gate, time, 40));
        }
    }

    [Fact]
    public async Task BouncingEdgesWithinDebounceCountOnce()
    {
        var (gate, driver, time, service) = await StartAsync(new TriggerOptions { Pin = 4, Mode = TriggerMode.Trigger, BurstFrames = 2, DebounceMs = 50 });
        using (service)
        {
            var events = new List<TriggerEvent>();
            gate.Triggered += events.Add;
            foreach (var level in new[] { PinValue.High, PinValue.Low, PinValue.High, PinValue.Low, PinValue.High })
            {
                driver.DriveInput(4, level);
                time.Advance(TimeSpan.FromMilliseconds(3));
            }

            Assert.Equal(1, gate.Triggers);
            Assert.Equal(4, gate.DebouncedEdges);
            var trigger = Assert.Single(events);
            Assert.Equal(("Gpio:Triggers:0", TriggerKind.Pir, TriggerMode.Trigger, true), (trigger.Source, trigger.Kind, trigger.Mode, trigger.Rising));
            Assert.Equal(trigger, gate.LastTrigger);

            // Past the debounce time a new edge is a new trigger again.
            time.Advance(TimeSpan.FromMilliseconds(60));
            driver.DriveInput(4, PinValue.Low);
            time.Advance(TimeSpan.FromMilliseconds(60));
            driver.DriveInput(4, PinValue.High);
            Assert.Equal(2, gate.Triggers);
        }
    }

    [Fact]
    public async Task HoldModeClassifiesWhileTheButtonIsPressed()
    {
        var (gate, driver, time, service) = await StartAsync(new TriggerOptions { Pin = 5, Kind = TriggerKind.Button, Mode = TriggerMode.Hold, DebounceMs = 20 });
        using (service)
        {
            // A button pulls the line up: released reads high, so nothing is classified.
            Assert.Equal(0, RunFrames(gate, time, 5));

            driver.DriveInput(5, PinValue.Low);
            Assert.Equal(5, RunFrames(gate, time, 5));

            // Release with bounce: the line settles high, so the gate closes although the last edges were debounced.
            driver.DriveInput(5, PinValue.High);
            time.Advance(TimeSpan.FromMilliseconds(1));
            driver.DriveInput(5, PinValue.Low);
            time.Advance(TimeSpan.FromMilliseconds(1));
            driver.DriveInput(5, PinValue.High);
            Assert.Equal(0, RunFrames(gate, time, 5));
            Assert.Equal(1, gate.Triggers);
        }
    }

    [Fact]
    public async Task ContinuousModeClassifiesEveryFrameAndStillCountsTriggers()
    {
        var (gate, driver, time, service) = await StartAsync(new TriggerOptions { Pin = 4 });
        using (service)
        {
            Assert.False(gate.IsGating);
            driver.DriveInput(4, PinValue.High);
            Assert.Equal(10, RunFrames(gate, time, 10));
            Assert.Equal(1, gate.Triggers);
        }
    }

    [Fact]
    public async Task FramePathCallsDoNotAllocate()
    {
        var (gate, driver, time, service) = await StartAsync(new TriggerOptions { Pin = 4, Mode = TriggerMode.Trigger, BurstFrames = 500 });
        using (service)
        {
            RunFrames(gate, time, 10); // JIT and first-call work outside the measurement
            driver.DriveInput(4, PinValue.High);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var processed = RunFrames(gate, time, 1000);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(500, processed);
        }
    }

    [Fact]
    public void GateWithoutTriggersLetsEveryFrameThrough()
    {
        var gate = new TriggerGate([]);
        Assert.True(gate.ShouldProcessFrame(gate.Now));
        Assert.Equal(0, gate.SkippedFrames);
    }

    private static async Task<(TriggerGate Gate, RecordingGpioDriver Driver, ManualTimeProvider Time, GpioOutputService Service)> StartAsync(
        TriggerOptions trigger)
    {
        var time = new ManualTimeProvider();
        var (service, driver) = await GpioTestKit.StartAsync(new GpioOptions { Triggers = [trigger] }, time);
        return (service.Triggers, driver, time, service);
    }

    /// <summary>The frame loop of the pipeline, reduced to the gate calls: returns how many frames were classified.</summary>
    private static int RunFrames(TriggerGate gate, ManualTimeProvider time, int frames)
    {
        var processed = 0;
        for (var i = 0; i < frames; i++)
        {
            if (gate.ShouldProcessFrame(time.GetTimestamp()))
            {
                processed++;
                gate.OnFrameProcessed();
            }

            time.Advance(FrameInterval);
        }

        return processed;
    }
}
