using System.Device.Gpio;
using EdgeClassifier.Outputs.Gpio;
using static EdgeClassifier.Tests.Gpio.GpioTestKit;

namespace EdgeClassifier.Tests.Gpio;

/// <summary>Lamp rules driven through the service, GpioController and a recording driver.</summary>
public sealed class IndicatorTests
{
    [Fact]
    public async Task LabelRuleLightsOnlyForItsLabelAtOrAboveMinScore()
    {
        var (service, driver) = await StartAsync(new GpioOptions
        {
            Indicators =
            [
                new() { Pin = 17, When = new() { Label = "banana", MinScore = 0.8f } },
                new() { Pin = 27, When = new() { Label = "banana" } },
            ],
        });
        using (service)
        {
            Post(service, Label("banana", 0.9f));
            Assert.True(WaitForLevel(driver, 17, PinValue.High));

            Post(service, Label("apple", 0.95f));
            Assert.True(WaitForLevel(driver, 17, PinValue.Low));
            Assert.True(WaitForLevel(driver, 27, PinValue.Low));

            // Pin 27 (no MinScore) proves the weak banana was applied; pin 17 must stay off for it.
            Post(service, Label("banana", 0.7f));
            Assert.True(WaitForLevel(driver, 27, PinValue.High));
            Assert.Equal(PinValue.Low, driver.LevelOf(17));
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task AmbiguousNoMatchAndActiveLowRulesFollowDecisions()
    {
        var (service, driver) = await StartAsync(new GpioOptions
        {
            Indicators =
            [
                new() { Pin = 22, When = new() { Ambiguous = true } },
                new() { Pin = 23, When = new() { NoMatch = true } },
                new() { Pin = 24, ActiveLow = true, When = new() { Label = "banana" } },
            ],
        });
        using (service)
        {
            // The active-low lamp starts off, i.e. high, and never glitches low before a decision.
            Assert.Equal([PinValue.High], driver.ChangesOf(24).Select(c => c.Value));

            Post(service, Label("banana", 0.55f, ambiguous: true));
            Assert.True(WaitForLevel(driver, 22, PinValue.High));
            Assert.True(WaitForLevel(driver, 24, PinValue.Low));
            Assert.Equal(PinValue.Low, driver.LevelOf(23));

            Post(service, NoMatch());
            Assert.True(WaitForLevel(driver, 23, PinValue.High));
            Assert.True(WaitForLevel(driver, 22, PinValue.Low));
            Assert.True(WaitForLevel(driver, 24, PinValue.High));
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task RgbLedShowsTheFirstMatchingRuleColour()
    {
        var (service, driver) = await StartAsync(new GpioOptions
        {
            RgbLed = new()
            {
                RedPin = 9,
                GreenPin = 10,
                BluePin = 11,
                ActiveLow = true,
                Rules =
                [
                    new() { When = new() { Label = "banana" }, Color = RgbColor.Yellow },
                    new() { When = new() { NoMatch = true }, Color = RgbColor.Blue },
                ],
            },
        });
        using (service)
        {
            Post(service, Label("banana", 0.9f));
            Assert.True(WaitForLevel(driver, 9, PinValue.Low));
            Assert.True(WaitForLevel(driver, 10, PinValue.Low));
            Assert.Equal(PinValue.High, driver.LevelOf(11));

            Post(service, NoMatch());
            Assert.True(WaitForLevel(driver, 11, PinValue.Low));
            Assert.True(WaitForLevel(driver, 9, PinValue.High));
            Assert.True(WaitForLevel(driver, 10, PinValue.High));
            await service.StopAsync(CancellationToken.None);
        }
    }
}
