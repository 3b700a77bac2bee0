using System.Text.Json.Nodes;

namespace EdgeClassifier.Tests.Mqtt;

[Collection(MqttCollection.Name)]
public sealed class StreamAndStatsTests
{
    [Fact]
    public async Task Stats_carry_the_pipeline_snapshot_with_health_as_a_string_and_the_mqtt_block()
    {
        using var directory = new TempDirectory();
        using var broker = MosquittoBroker.Start(directory);
        var options = MqttServiceHarness.OptionsFor(broker.Port, directory);
        options.StatsIntervalSeconds = 1;
        await using var service = await MqttServiceHarness.StartAsync(options);
        service.Control.Stats.FrameCaptured(EdgeClassifier.Hardware.Camera.PixelFormat.Rgb24, 4, 4);
        service.Control.Stats.FrameProcessed(1f, 2f, 12.5f, 0.1f, 16f, missed: false);
        await service.WaitIdleAsync();
        var topics = service.Service.Topics;
        await using var probe = await MqttProbe.ConnectAsync(broker.Port, topics.Stats);

        var stats = JsonNode.Parse((await probe.WaitForAsync(topics.Stats, m => !m.Retain)).Text)!;
        Assert.Equal(1, (long)stats["framesProcessed"]!);
        Assert.Equal(12.5, (double)stats["stages"]!["inference"]!["p50"]!);
        Assert.Equal("starting", (string?)stats["health"]); // a string, as in --stats-out and /api/stats
        Assert.True((bool)stats["mqtt"]!["connected"]!);
        Assert.Equal(0, (long)stats["mqtt"]!["decisionsDropped"]!);
    }
}
