using System.Text.Json.Nodes;

namespace EdgeClassifier.Tests.Mqtt;

[Collection(MqttCollection.Name)]
public sealed class StreamAndStatsTests
{
    [Fact]
    public async Task Stats_carry_the_pipeline_snapshot_and_the_classification_stream_is_rate_limited()
    {
        using var directory = new TempDirectory();
        using var broker = MosquittoBroker.Start(directory);
        var options = MqttServiceHarness.OptionsFor(broker.Port, directory);
        options.StatsIntervalSeconds = 1;
        options.ClassificationStream = true;
        options.ClassificationMaxPerSecond = 4;
        await using var service = await MqttServiceHarness.StartAsync(options);
        await service.WaitIdleAsync();
        var topics = service.Service.Topics;
        await using var probe = await MqttProbe.ConnectAsync(broker.Port, topics.Stats, topics.Classification);

        var stats = JsonNode.Parse((await probe.WaitForAsync(topics.Stats, m => !m.Retain)).Text)!;
        Assert.Equal(29.5, (double)stats["fps"]!);
        Assert.Equal(2, (int)stats["misses"]!);
        Assert.Equal(12.5, (double)stats["stages"]!["inference"]!["p50"]!);
        Assert.True((bool)stats["mqtt"]!["connected"]!);

        var started = DateTime.UtcNow;
        for (int i = 0; i < 40; i++)
        {
            service.Service.Classifications.TryWrite(MqttServiceHarness.Decision("dog", i));
            await Task.Delay(25);
        }

        double seconds = (DateTime.UtcNow - started).TotalSeconds;
        await Task.Delay(200);
        int streamed = probe.Messages.Count(m => m.Topic == topics.Classification);
        Assert.InRange(streamed, 1, (int)Math.Ceiling(seconds * 4) + 1);
    }
}
