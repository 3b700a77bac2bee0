using System.Text.Json.Nodes;

namespace EdgeClassifier.Tests.Mqtt;

/// <summary>
/// Connecting, announcing and subscribing are one unit: when a step after the connect fails, the device disconnects
/// and retries the whole sequence, so it never stays connected half set up.
/// </summary>
[Collection(MqttCollection.Name)]
public sealed class ConnectUnitTests
{
    [Fact]
    public async Task A_step_after_connecting_that_fails_drops_the_connection_and_the_whole_sequence_is_retried()
    {
        using var directory = new TempDirectory();
        using var broker = MosquittoBroker.Start(directory);
        var options = MqttServiceHarness.OptionsFor(broker.Port, directory);
        options.ReconnectMinSeconds = 0.5;
        options.ReconnectMaxSeconds = 1;
        await using var service = await MqttServiceHarness.StartAsync(options);
        // The stats published right after connecting cannot be read (a database error behind them).
        service.Control.StatsFault = new IOException("disk I/O error (simulated)");
        broker.Stop();
        broker.Restart();

        await service.WaitUntilAsync(() => service.Service.LastConnectionError?.Contains("disk I/O error") == true,
            "the failed set-up reported as a connection failure", seconds: 20);

        // Before, the loop connected again on the half set-up connection, which the client refuses while connected,
        // so the error never cleared; now the connection is dropped and the whole sequence runs again.
        service.Control.StatsFault = null;
        await service.WaitUntilAsync(() => service.Service.IsConnected && service.Service.LastConnectionError is null,
            "a complete connection once the fault is gone", seconds: 20);
        await using var probe = await MqttProbe.ConnectAsync(broker.Port, "edgeclassifier/cam1/command/+/result");
        await probe.PublishAsync("edgeclassifier/cam1/command/pause", "");
        var reply = JsonNode.Parse((await probe.WaitForAsync("edgeclassifier/cam1/command/pause/result")).Text)!;
        Assert.True((bool)reply["ok"]!);
    }
}
