using Microsoft.Extensions.Options;
using EdgeClassifier.Hardware.Gpio;
using EdgeClassifier.Outputs.Gpio;
using EdgeClassifier.Outputs.Gpio.Triggers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeClassifier.Tests.Gpio;

/// <summary>The <c>Gpio</c> section: binding, validation messages, and what the service does without one or without a chip.</summary>
public sealed class GpioConfigurationTests
{
    [Fact]
    public void UnknownPinIsReportedWithItsKey()
    {
        var errors = Validate(new() { ["Gpio:Indicators:0:Pin"] = "40", ["Gpio:Indicators:0:When:NoMatch"] = "true" });
        var error = Assert.Single(errors);
        Assert.StartsWith("Gpio:Indicators:0:Pin: unknown pin 40", error);
    }

    [Fact]
    public void SameLineUsedTwiceIsReportedEvenWhenAddressedDifferently()
    {
        var errors = Validate(new()
        {
            ["Gpio:Indicators:0:Pin"] = "17",
            ["Gpio:Indicators:0:When:NoMatch"] = "true",
            ["Gpio:Indicators:1:Chip"] = "/dev/gpiochip0",
            ["Gpio:Indicators:1:Line"] = "17",
            ["Gpio:Indicators:1:When:Ambiguous"] = "true",
        });
        var error = Assert.Single(errors);
        Assert.Equal(
            "Gpio:Indicators:1:Line: gpiochip0 line 17 is already used by Gpio:Indicators:0:Pin; each line can be used once",
            error);
    }

    [Fact]
    public void OutputRuleOnATriggerLineIsReportedAsSuch()
    {
        var errors = Validate(new()
        {
            ["Gpio:Triggers:0:Pin"] = "4",
            ["Gpio:Indicators:0:Pin"] = "4",
            ["Gpio:Indicators:0:When:Label"] = "banana",
        });
        var error = Assert.Single(errors);
        Assert.StartsWith("Gpio:Indicators:0:Pin: gpiochip0 line 4 is the input line of Gpio:Triggers:0:Pin", error);
    }

    [Fact]
    public void EachProblemIsItsOwnMessage()
    {
        var errors = Validate(new()
        {
            ["Gpio:Triggers:0:Pin"] = "4",
            ["Gpio:Triggers:0:Mode"] = "trigger",
            ["Gpio:Indicators:0:Pin"] = "4",
            ["Gpio:Indicators:0:When:Label"] = "banana",
            ["Gpio:Indicators:1:Pin"] = "99",
            ["Gpio:Indicators:1:When:Label"] = "banana",
            ["Gpio:Indicators:2:Pin"] = "17",
            ["Gpio:Indicators:2:When:Label"] = "banana",
            ["Gpio:StatusLed:Pin"] = "17",
            ["Gpio:SafeLevels:4"] = "1",
        });
        Assert.Equal(5, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Gpio:Triggers:0: mode trigger needs BurstFrames or BurstSeconds", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Gpio:Indicators:0:Pin: gpiochip0 line 4 is the input line", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Gpio:Indicators:1:Pin: unknown pin 99", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Gpio:StatusLed:Pin: gpiochip0 line 17 is already used by Gpio:Indicators:2:Pin", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Gpio:SafeLevels:4: pin 4 is the input line of Gpio:Triggers:0:Pin", StringComparison.Ordinal));
    }

    [Fact]
    public void RuleWithoutConditionAndBadValuesAreReported()
    {
        var errors = Validate(new()
        {
            ["Gpio:Chip"] = "spi0",
            ["Gpio:Indicators:0:Pin"] = "17",
            ["Gpio:Indicators:0:Mode"] = "Blink",
            ["Gpio:Indicators:0:BlinkPeriodMs"] = "5",
            ["Gpio:Buzzer:Pin"] = "13",
            ["Gpio:Buzzer:Mode"] = "tone",
            ["Gpio:Buzzer:FrequencyHz"] = "4000",
            ["Gpio:Buzzer:When:Label"] = "banana",
            ["Gpio:Buzzer:When:MinScore"] = "1.5",
        });
        Assert.Equal(
            [
                "Gpio:Chip: 'spi0' is not a chip; use a number (0), gpiochip0 or /dev/gpiochip0",
                "Gpio:Indicators:0:When: missing; set Label (with MinScore), Ambiguous, NoMatch or Barcode",
                "Gpio:Indicators:0:BlinkPeriodMs: 5 must be at least 20 for mode blink",
                "Gpio:Buzzer:When:MinScore: 1.5 is outside 0-1",
                "Gpio:Buzzer:FrequencyHz: 4000 is outside 1-500 (software tone)",
            ],
            errors);
    }

    [Fact]
    public void ValidSectionBindsEveryKey()
    {
        var options = Bind(new()
        {
            ["Gpio:Chip"] = "gpiochip4",
            ["Gpio:Indicators:0:Pin"] = "17",
            ["Gpio:Indicators:0:Mode"] = "pulse",
            ["Gpio:Indicators:0:DurationMs"] = "300",
            ["Gpio:Indicators:0:When:Label"] = "banana",
            ["Gpio:Indicators:0:When:MinScore"] = "0.8",
            ["Gpio:Triggers:0:Pin"] = "4",
            ["Gpio:Triggers:0:Kind"] = "button",
            ["Gpio:Triggers:0:Edge"] = "both",
            ["Gpio:Triggers:0:Mode"] = "hold",
            ["Gpio:SafeLevels:17"] = "1",
        });
        Assert.Empty(GpioOptionsValidator.Validate(options, headerChip: 0));
        Assert.Equal("gpiochip4", options.Chip);
        Assert.Equal((IndicatorMode.Pulse, 300, 0.8f), (options.Indicators[0].Mode, options.Indicators[0].DurationMs, options.Indicators[0].When.MinScore));
        Assert.Equal((TriggerKind.Button, TriggerEdge.Both, TriggerMode.Hold), (options.Triggers[0].Kind, options.Triggers[0].Edge, options.Triggers[0].Mode));
        Assert.Equal(1, options.SafeLevels["17"]);
    }

    [Fact]
    public void WithoutAGpioSectionNothingIsRegistered()
    {
        var services = new ServiceCollection().AddEdgeGpio(new ConfigurationBuilder().Build());
        Assert.Empty(services);
    }

    [AbsentDeviceFact("/dev/gpiochip3")]
    public async Task WithASectionAndNoUsableChipTheHostStopsAtStartNamingTheChip()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gpio:Chip"] = "/dev/gpiochip3",
            ["Gpio:StatusLed:Pin"] = "5",
        });
        builder.Services.AddEdgeGpio(builder.Configuration);
        using var host = builder.Build();

        // The options check at start names the chip, before any output service is created.
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.StartsWith("Gpio:Chip: cannot open GPIO chip gpiochip3: /dev/gpiochip3 does not exist", error.Message);
    }

    [AbsentDeviceFact("/dev/gpiochip0")]
    public void OpeningAMissingChipGivesAMessageNotACrash()
    {
        var error = Assert.Throws<GpioUnavailableException>(() => new LibGpiodDriverFactory().Open(0));
        Assert.Contains("gpiochip0", error.Message);
    }

    private static GpioOptions Bind(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return configuration.GetSection(GpioOptions.SectionName).Get<GpioOptions>() ?? new GpioOptions();
    }

    private static IReadOnlyList<string> Validate(Dictionary<string, string?> values) => GpioOptionsValidator.Validate(Bind(values), headerChip: 0);
}
