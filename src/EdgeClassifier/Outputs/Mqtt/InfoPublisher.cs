using EdgeClassifier.Pipeline;
using System.Text.Json.Nodes;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// Publishes the retained <c>info</c> topic that fleet tools and Home Assistant's update entity read: software
/// version, model and model version, the last offered version, groups, execution provider and the rollout stage.
/// Sent after every connect and whenever the rollout reports a change; kept small (a few hundred bytes).
/// </summary>
public sealed class InfoPublisher(MqttOptions options, MqttConnection connection, MqttTopics topics, IModelInfo? model, IModelRollout? rollout)
{
    /// <summary>The current <c>info</c> document.</summary>
    public JsonObject Build()
    {
        var info = new JsonObject
        {
            ["version"] = HomeAssistantDiscovery.SoftwareVersion,
            ["model"] = model?.ModelName,
            ["modelVersion"] = rollout?.ModelVersion,
            ["offeredVersion"] = rollout?.OfferedVersion,
            ["groups"] = new JsonArray(options.Groups.Select(g => (JsonNode?)JsonValue.Create(g)).ToArray()),
            ["provider"] = model?.Provider,
        };
        if (rollout?.Stage is { } stage)
        {
            info["rollout"] = new JsonObject { ["version"] = rollout.StageVersion, ["stage"] = stage };
        }

        return info;
    }

    /// <summary>Publishes <see cref="Build"/> retained at QoS 1 (dropped while offline: every connect sends it again).</summary>
    public Task<PublishOutcome> PublishAsync(CancellationToken cancellationToken) =>
        connection.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topics.Info)
            .WithPayload(MqttJson.Serialize(Build()))
            .WithRetainFlag(true)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithContentType("application/json")
            .Build(), cancellationToken);
}
