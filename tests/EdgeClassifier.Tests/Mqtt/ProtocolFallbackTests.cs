using System.Net;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeClassifier.Tests.Mqtt;

[Collection(MqttCollection.Name)]
public sealed class ProtocolFallbackTests
{
    [Fact]
    public async Task A_broker_that_refuses_MQTT_5_gets_a_3_1_1_connection()
    {
        using var directory = new TempDirectory();
        int port = MosquittoBroker.FreePort();
        var seen = new List<MqttProtocolVersion>();
        using var broker = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder()
            .WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointPort(port).Build());
        broker.ValidatingConnectionAsync += args =>
        {
            lock (seen)
            {
                seen.Add(args.ProtocolVersion);
            }

            if (args.ProtocolVersion == MqttProtocolVersion.V500)
            {
                args.ReasonCode = MqttConnectReasonCode.UnsupportedProtocolVersion;
            }

            return Task.CompletedTask;
        };
        await broker.StartAsync();

        await using var service = await MqttServiceHarness.StartAsync(MqttServiceHarness.OptionsFor(port, directory));
        service.Service.Decisions.Publish(MqttServiceHarness.Decision("dog", 1));
        await service.WaitIdleAsync();

        Assert.Equal([MqttProtocolVersion.V500, MqttProtocolVersion.V311], seen.Take(2));
        var state = await broker.GetRetainedMessageAsync("edgeclassifier/cam1/state");
        Assert.NotNull(state);
        await broker.StopAsync(new MqttServerStopOptionsBuilder().Build());
    }
}
