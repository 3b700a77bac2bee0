using System.Text;
using System.Text.Json.Nodes;

namespace EdgeClassifier.Tests.Mqtt;

[Collection(MqttCollection.Name)]
public sealed class CommandTests
{
    [Fact]
    public async Task Every_command_replies_and_bad_requests_get_error_replies()
    {
        using var directory = new TempDirectory();
        using var broker = MosquittoBroker.Start(directory);
        var options = MqttServiceHarness.OptionsFor(broker.Port, directory);
        options.ResponseTopicPrefix = "replies";
        await using var service = await MqttServiceHarness.StartAsync(options);
        await service.WaitIdleAsync();
        service.Frames.Offer(new byte[32 * 24 * 3], 32, 24, sequence: 5);
        await using var probe = await MqttProbe.ConnectAsync(broker.Port, "edgeclassifier/cam1/command/+/result", "replies/#");

        async Task<JsonNode> Send(string command, string payload)
        {
            probe.Clear();
            await probe.PublishAsync($"edgeclassifier/cam1/command/{command}", payload);
            var reply = await probe.WaitForAsync($"edgeclassifier/cam1/command/{command}/result");
            return JsonNode.Parse(reply.Text)!;
        }

        Assert.True((bool)(await Send("pause", ""))["ok"]!);
        Assert.True(service.Control.Paused);
        Assert.True((bool)(await Send("resume", "{}"))["ok"]!);
        Assert.False(service.Control.Paused);
        Assert.True((bool)(await Send("threshold", "{\"value\":0.7}"))["ok"]!);
        Assert.Equal(0.7f, service.Control.Threshold, 3);
        Assert.True((bool)(await Send("reload", ""))["ok"]!);
        var snapshot = await Send("snapshot", "");
        Assert.True((bool)snapshot["ok"]!);
        Assert.True(File.Exists(Path.Combine(service.Options.Snapshot.Directory, (string)snapshot["snapshot"]!)));
        Assert.Equal(["pause", "resume", "threshold 0.7", "reload"], service.Control.Calls);

        foreach (var (command, payload, expected) in new[]
                 {
                     ("threshold", "{\"value\":", "malformed JSON"),
                     ("threshold", "[1,2]", "malformed JSON"),
                     // Found by scripts/fuzz.sh mqtt-command: a property named twice threw ArgumentException when read.
                     ("threshold", "{\"value\":0.5,\"value\":0.9}", "malformed JSON"),
                     ("threshold", "{\"value\":1.5}", "must be in [0, 1]"),
                     ("threshold", "{\"value\":-0.1}", "must be in [0, 1]"),
                     ("threshold", "{\"value\":\"high\"}", "needs {\"value\""),
                     ("threshold", "", "needs {\"value\""),
                     ("explode", "{}", "unknown command 'explode'"),
                 })
        {
            var reply = await Send(command, payload);
            Assert.False((bool)reply["ok"]!, $"{command} {payload}");
            Assert.Contains(expected, (string)reply["error"]!);
        }

        // Found by scripts/fuzz.sh mqtt-command: a byte that is not UTF-8 inside a JSON string threw
        // InvalidOperationException when the command read it, instead of a malformed-JSON reply.
        probe.Clear();
        await probe.PublishAsync("edgeclassifier/cam1/command/threshold", [.. "{\"val"u8, 0xFF, .. "ue\": 0.2}"u8]);
        var notUtf8 = JsonNode.Parse((await probe.WaitForAsync("edgeclassifier/cam1/command/threshold/result")).Text)!;
        Assert.False((bool)notUtf8["ok"]!);
        Assert.StartsWith("malformed JSON: ", (string)notUtf8["error"]!);

        Assert.Equal(0.7f, service.Control.Threshold, 3);

        // MQTT 5 request/response: the reply also goes to the response topic with the correlation data.
        probe.Clear();
        byte[] correlation = Encoding.UTF8.GetBytes("request-42");
        await probe.PublishAsync("edgeclassifier/cam1/command/pause", "", responseTopic: "replies/me", correlation: correlation);
        var response = await probe.WaitForAsync("replies/me");
        Assert.Equal(correlation, response.CorrelationData);
        Assert.True((bool)JsonNode.Parse(response.Text)!["ok"]!);
        Assert.True(service.Service.IsConnected);
    }
}
