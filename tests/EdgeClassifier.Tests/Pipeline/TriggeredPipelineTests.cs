using System.Device.Gpio;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Hardware.Camera.Synthetic;
using EdgeClassifier.Hardware.Gpio;
using EdgeClassifier.Outputs.Gpio;
using EdgeClassifier.Outputs.Gpio.Triggers;
using EdgeClassifier.Pipeline;
using EdgeClassifier.Tests.Gpio;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Tests.Pipeline;

/// <summary>
/// Camera-trap mode end to end: a real frame loop (synthetic camera, real model) behind the GPIO trigger gate, with
/// PIR edges driven through the real GpioController over the recording driver.
/// </summary>
public class TriggeredPipelineTests
{
    [Fact]
    public async Task Pir_edges_start_bursts_bounces_count_once_and_frames_idle_between()
    {
        var chips = new RecordingChipFactory();
        var options = new GpioOptions { Triggers = [new TriggerOptions { Pin = 4, Kind = TriggerKind.Pir, Mode = TriggerMode.Trigger, BurstFrames = 3, DebounceMs = 200 }] };
        using var gpio = new GpioOutputService(Options.Create(options), chips, NullLogger<GpioOutputService>.Instance);
        await gpio.StartAsync(CancellationToken.None);
        RecordingGpioDriver driver = chips.Driver(0);

        using var source = new SyntheticFrameSource(320, 240, 200, PixelFormat.Yuyv);
        using var model = PipelineFixtures.Model("mobilenet_v1_0.25_128_quant.onnx");
        var stats = new PipelineStats();
        var sink = new CollectingSink();
        var loop = PipelineFixtures.Loop(source, model, new PipelineOptions { BudgetMs = 1000 }, stats, sink);
        loop.Gate = gpio.Triggers;
        source.Start();

        Step(loop, 20);
        Assert.Equal(0, stats.FramesProcessed);
        Assert.Equal(HealthState.Idle, stats.Health);

        // A PIR pulse with contact bounce: three rising edges inside the debounce time are one trigger.
        driver.DriveInput(4, PinValue.High);
        driver.DriveInput(4, PinValue.Low);
        driver.DriveInput(4, PinValue.High);
        driver.DriveInput(4, PinValue.Low);
        driver.DriveInput(4, PinValue.High);
        Step(loop, 20);
        Assert.Equal(1, gpio.Triggers.Triggers);
        Assert.Equal(3, stats.FramesProcessed);
        Assert.StartsWith("pir", sink.Decisions[0].Trigger);

        // The sensor releases, and fires again past the debounce time: a new trigger.
        await Task.Delay(250);
        driver.DriveInput(4, PinValue.Low);
        await Task.Delay(250);
        driver.DriveInput(4, PinValue.High);
        Step(loop, 20);
        Assert.Equal(2, gpio.Triggers.Triggers);
        Assert.Equal(6, stats.FramesProcessed);
        Assert.Equal(60, stats.FramesCaptured);
        await gpio.StopAsync(CancellationToken.None);
    }

    private static void Step(FrameLoop loop, int frames)
    {
        for (int i = 0; i < frames; i++)
        {
            loop.Step();
        }
    }
}
