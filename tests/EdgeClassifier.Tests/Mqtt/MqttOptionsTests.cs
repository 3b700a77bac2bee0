using EdgeClassifier.Outputs.Mqtt;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Tests.Mqtt;

public sealed class MqttOptionsTests
{
    [Fact]
    public void Defaults_come_from_the_machine_and_the_configuration_keys_bind()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mqtt:Host"] = "broker.local",
            ["Mqtt:Port"] = "8883",
            ["Mqtt:WatchedLabels:0"] = "cat",
            ["Mqtt:StatsIntervalSeconds"] = "30",
            ["Mqtt:Snapshot:Quality"] = "60",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddEdgeMqtt(configuration).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<MqttOptions>>().Value;

        Assert.Equal("broker.local", options.Host);
        Assert.Equal(8883, options.Port);
        Assert.Equal(["cat"], options.WatchedLabels);
        Assert.Equal(30, options.StatsIntervalSeconds);
        Assert.Equal(60, options.Snapshot.Quality);
        Assert.False(string.IsNullOrEmpty(options.DeviceId));
        Assert.Equal($"edgeclassifier-{options.DeviceId}", options.ClientId);
        Assert.Equal("edgeclassifier", options.TopicPrefix);
        Assert.Equal("homeassistant", options.DiscoveryPrefix);
        Assert.True(options.Discovery);
        Assert.EndsWith("mqtt-outbox.db", options.OutboxPath);
        Assert.NotNull(provider.GetRequiredService<MqttOutputService>());
    }

    [Theory]
    [InlineData("Port", "70000", "Mqtt:Port")]
    [InlineData("Qos", "0", "Mqtt:Qos")]
    [InlineData("DeviceId", "a/b", "Mqtt:DeviceId")]
    [InlineData("TopicPrefix", "x+", "Mqtt:TopicPrefix")]
    [InlineData("CaFile", "/nonexistent/ca.pem", "Mqtt:CaFile")]
    [InlineData("ConfigurationUrl", "cam-7:8080", "Mqtt:ConfigurationUrl")]
    [InlineData("ClientCertFile", "/etc/hostname", "Mqtt:ClientKeyFile")]
    [InlineData("StatsIntervalSeconds", "0", "Mqtt:StatsIntervalSeconds")]
    [InlineData("Snapshot:Quality", "101", "Mqtt:Snapshot:Quality")]
    [InlineData("Snapshot:MaxFiles", "0", "Mqtt:Snapshot:MaxFiles")]
    [InlineData("Snapshot:MaxAgeHours", "1e12", "Mqtt:Snapshot:MaxAgeHours")] // TimeSpan.FromHours would overflow at the first snapshot
    [InlineData("Snapshot:MaxAgeHours", "NaN", "Mqtt:Snapshot:MaxAgeHours")]
    [InlineData("StatsIntervalSeconds", "2000000000", "Mqtt:StatsIntervalSeconds")] // beyond what a timer can wait
    [InlineData("ReconnectMaxSeconds", "1e9", "Mqtt:ReconnectMinSeconds")] // Task.Delay refuses more than ~49 days
    [InlineData("ClassificationMaxPerSecond", "NaN", "Mqtt:ClassificationMaxPerSecond")]
    [InlineData("OutboxMaxAgeHours", "2000000000", "Mqtt:OutboxMaxAgeHours")]
    public void Invalid_values_are_rejected_at_start_naming_the_key(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"Mqtt:{key}"] = value,
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddEdgeMqtt(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MqttOptions>>().Value);

        Assert.Contains(named, error.Message);
    }
}
