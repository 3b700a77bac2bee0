using EdgeClassifier.Hosting.Systemd;

namespace EdgeClassifier.Tests.Hosting;

public sealed class WatchdogOptionsValidatorTests
{
    [Fact]
    public void Accepts_the_defaults()
    {
        Assert.True(new WatchdogOptionsValidator().Validate(null, new WatchdogOptions()).Succeeded);
    }

    [Fact]
    public void Names_every_bad_key_and_its_allowed_range()
    {
        var options = new WatchdogOptions
        {
            StatusInterval = TimeSpan.Zero,
            StuckInferenceMultiple = double.NaN,
        };

        var result = new WatchdogOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(
            [
                "Watchdog:StatusInterval must be between 00:00:01 and 01:00:00, got 00:00:00",
                "Watchdog:StuckInferenceMultiple must be between 2 and 1000, got NaN",
            ],
            result.Failures);
    }
}
