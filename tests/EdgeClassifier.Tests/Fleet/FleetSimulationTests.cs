using Xunit.Abstractions;
using EdgeClassifier.Outputs.Mqtt;
using EdgeClassifier.Tests.Mqtt;

namespace EdgeClassifier.Tests.Fleet;

/// <summary>
/// N virtual devices (the real MQTT output each, see <see cref="VirtualDevice"/>) on one real mosquitto. CI runs
/// N = 100; <c>scripts/fleet-sim.sh 500</c> runs the same test with more devices and prints the figures.
/// </summary>
[Collection(MqttCollection.Name)]
public sealed class FleetSimulationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_fleet_spreads_discovery_over_the_jitter_window_rides_out_a_broker_outage_and_obeys_a_group_command()
    {
        var options = FleetSimulationOptions.FromEnvironment();
        var simulation = new FleetSimulation(options, line => output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {line}"));
        var report = await simulation.RunAsync();
        string figures = report.ToMarkdown();
        output.WriteLine(figures);
        if (Environment.GetEnvironmentVariable("FLEET_SIM_REPORT") is { Length: > 0 } path)
        {
            File.WriteAllText(path, figures);
        }

        int n = options.Devices;
        // Home Assistant's birth message: every device answers, at a random moment within the jitter window.
        Assert.Equal(n, report.DiscoveryArrivals.Count);
        Assert.All(report.DiscoveryArrivals, t => Assert.InRange(t, 0, options.JitterSeconds + 5));
        Assert.True(report.DiscoveryArrivals[^1] - report.DiscoveryArrivals[0] >= options.JitterSeconds / 2, figures);
        Assert.True(report.DiscoveryPeakPerSecond <= Math.Max(10, 3 * n / options.JitterSeconds), figures);

        // The outage: everyone back within the back-off bound, every event once (by id) and in order per device.
        // Each device's next attempt starts at most Mqtt:ReconnectMaxSeconds after the broker is back (the longest
        // back-off wait, jitter only shortens it) and gets its CONNACK within the client's communication timeout;
        // setting up the session (online, subscriptions) takes a few more round trips, each bounded by that timeout
        // too. In this one process 500 devices share two cores' thread pool, which stretches those round trips
        // (the report shows by how much), so the whole reconnect is held to the back-off bound plus one timeout.
        double connectBound = options.ReconnectMaxSeconds + MqttClientOptionsFactory.CommunicationTimeout.TotalSeconds;
        Assert.Equal(n, report.ReconnectSeconds.Count);
        Assert.Equal(n, report.ConnackSeconds.Count);
        Assert.All(report.ReconnectSeconds.Values, t => Assert.InRange(t, 0, connectBound));
        Assert.True(report.EventsSent >= n * 10, figures);
        Assert.True(report.EventProblems.Count == 0, string.Join("\n", report.EventProblems.Take(10)) + "\n" + string.Join("\n",
            simulation.DeviceLog.Where(l => !l.StartsWith("Information", StringComparison.Ordinal) && report.EventProblems.Any(p => l.Contains(p.Split(':')[0], StringComparison.Ordinal))).Take(40)));
        Assert.Equal(0, report.Lost);

        // The group command: exactly the canaries answer (once each) and only they pause.
        Assert.Equal(report.GroupMembers, report.GroupRepliers);
        Assert.Equal(report.GroupMembers, report.PausedDevices);
        Assert.True(report.GroupMembers.Count >= n / options.CanaryEvery, figures);
    }
}
