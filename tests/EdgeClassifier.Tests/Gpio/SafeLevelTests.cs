using System.Device.Gpio;
using EdgeClassifier.Hardware.Gpio;
using EdgeClassifier.Outputs.Gpio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static EdgeClassifier.Tests.Gpio.GpioTestKit;

namespace EdgeClassifier.Tests.Gpio;

/// <summary>Outputs return to their safe levels when the service stops, cleanly or not.</summary>
public sealed class SafeLevelTests
{
    [Fact]
    public async Task StopRestoresSafeLevelsAndDrivesNothingAfterwards()
    {
        var (service, driver) = await StartAsync(new GpioOptions
        {
            Indicators =
            [
                new() { Pin = 17, When = new() { Label = "banana" } },
                new() { Pin = 18, ActiveLow = true, When = new() { Label = "banana" } },
                new() { Pin = 19, When = new() { NoMatch = true } },
            ],
            SafeLevels = new() { ["19"] = 1 },
        });
        using (service)
        {
            Post(service, Label("banana", 0.9f));
            Assert.True(WaitForLevel(driver, 17, PinValue.High));
            Assert.True(WaitForLevel(driver, 18, PinValue.Low));

            await service.StopAsync(CancellationToken.None);
            Assert.Equal(PinValue.Low, driver.LevelOf(17));
            Assert.Equal(PinValue.High, driver.LevelOf(18));
            Assert.Equal(PinValue.High, driver.LevelOf(19));

            var changesAtStop = driver.Changes.Count;
            service.Decisions.Publish(NoMatch());
            await Task.Delay(100);
            Assert.Equal(changesAtStop, driver.Changes.Count);
        }

        Assert.True(driver.IsDisposed);
    }

    [Fact]
    public async Task PipelineFailureStopsTheHostWithOutputsAtSafeLevels()
    {
        var chips = new RecordingChipFactory();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gpio:Indicators:0:Pin"] = "17",
            ["Gpio:Indicators:0:When:Label"] = "banana",
            ["Gpio:Indicators:1:Pin"] = "18",
            ["Gpio:Indicators:1:Mode"] = "blink",
            ["Gpio:Indicators:1:When:Label"] = "banana",
        });
        builder.Services.AddSingleton<IGpioDriverFactory>(chips);
        builder.Services.AddEdgeGpio(builder.Configuration);
        builder.Services.AddHostedService(sp => new FailingPipeline(sp.GetRequiredService<GpioOutputService>(), chips));
        using var host = builder.Build();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Record.ExceptionAsync(() => host.RunAsync(timeout.Token));

        Assert.False(timeout.IsCancellationRequested, "the host did not stop after the pipeline failed");
        var driver = chips.Driver();
        Assert.Contains(driver.ChangesOf(17), c => c.Value == PinValue.High);
        Assert.Equal(PinValue.Low, driver.LevelOf(17));
        Assert.Equal(PinValue.Low, driver.LevelOf(18));
    }

    [Fact]
    public async Task StartFailsNamingTheLineWhenItIsTakenAndLeavesOtherLinesSafe()
    {
        var chips = new RecordingChipFactory();
        chips.Driver().Claim(18, "other-program");
        var options = new GpioOptions
        {
            Indicators =
            [
                new() { Pin = 17, ActiveLow = true, When = new() { NoMatch = true } },
                new() { Pin = 18, When = new() { NoMatch = true } },
            ],
        };
        using var service = new GpioOutputService(
            Options.Create(options), chips, NullLogger<GpioOutputService>.Instance);

        var error = await Assert.ThrowsAsync<GpioUnavailableException>(() => service.StartAsync(CancellationToken.None));
        Assert.StartsWith("Gpio:Indicators:1: cannot open gpiochip0 line 18: line 18 is busy (held by 'other-program')", error.Message);
        Assert.Equal(PinValue.High, chips.Driver().LevelOf(17));
        Assert.True(chips.Driver().IsDisposed);
    }

    /// <summary>A pipeline that lights the lamp and then throws, as a crashing frame loop would.</summary>
    private sealed class FailingPipeline(GpioOutputService gpio, RecordingChipFactory chips) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            gpio.Decisions.Publish(Label("banana", 0.9f));
            Assert.True(WaitForLevel(chips.Driver(), 17, PinValue.High));
            throw new InvalidOperationException("simulated pipeline failure");
        }
    }
}
