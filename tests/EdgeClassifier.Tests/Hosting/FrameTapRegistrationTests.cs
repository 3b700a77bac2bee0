using EdgeClassifier.Hosting;
using EdgeClassifier.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeClassifier.Tests.Hosting;

/// <summary>The frame path copies frames only for a part that uses them: snapshots, or the web page's live view.</summary>
public sealed class FrameTapRegistrationTests
{
    [Theory]
    [InlineData("true", "true", "false", 0)] // snapshots off, no web: nothing reads a copy
    [InlineData("false", "true", "false", 0)] // MQTT off, no web
    [InlineData("true", "false", "false", 1)] // snapshots on
    [InlineData("true", "true", "true", 1)] // the live view
    [InlineData("false", "true", "true", 1)]
    public void The_snapshot_tap_is_registered_only_when_snapshots_or_the_web_view_are_on(string mqtt, string snapshotsOff, string web, int taps)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = mqtt,
            ["Mqtt:Snapshot:Enabled"] = snapshotsOff == "true" ? "false" : "true",
            ["Web:Enabled"] = web,
        });
        var services = new ServiceCollection();

        services.AddEdgeClassifier(configuration);

        Assert.Equal(taps, services.Count(d => d.ServiceType == typeof(IFrameTap)));
    }
}
