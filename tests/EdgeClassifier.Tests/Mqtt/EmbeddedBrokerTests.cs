using EdgeClassifier.Outputs.Mqtt;

namespace EdgeClassifier.Tests.Mqtt;

[Collection(MqttCollection.Name)]
public sealed class EmbeddedBrokerTests
{
    [Fact]
    public async Task Without_a_configured_broker_a_client_can_connect_to_the_device_itself()
    {
        using var directory = new TempDirectory();
        var options = MqttServiceHarness.OptionsFor(MosquittoBroker.FreePort(), directory);
        options.Host = "";
        await using var service = await MqttServiceHarness.StartAsync(options);
        await service.WaitIdleAsync();
        service.Service.Decisions.Publish(MqttServiceHarness.Decision("dog", 3));
        await service.WaitIdleAsync();

        var topics = service.Service.Topics;
        await using var dashboard = await MqttProbe.ConnectAsync(options.Port, topics.Availability, topics.State);

        Assert.Equal(MqttTopics.Online, (await dashboard.WaitForAsync(topics.Availability)).Text);
        Assert.Contains("\"label\":\"dog\"", (await dashboard.WaitForAsync(topics.State)).Text);
    }
}
