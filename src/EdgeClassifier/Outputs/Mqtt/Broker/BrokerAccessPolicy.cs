namespace EdgeClassifier.Outputs.Mqtt.Broker;

/// <summary>
/// Topic permissions of the embedded broker. Only the device publishes under its own topics (state, availability,
/// events, snapshot, stats, info, command results) and its discovery config; operators (and trusted local clients)
/// publish <c>command/&lt;name&gt;</c> (also to the device's groups and the whole fleet); everyone may publish Home Assistant's <c>status</c> birth message, which
/// discovery re-sends depend on. Users read the device's topics, Home Assistant's and the response-topic space.
/// </summary>
public sealed class BrokerAccessPolicy
{
    private readonly MqttTopics _topics;
    private readonly string _base;
    private readonly string _discovery;
    private readonly string _homeAssistantStatus;
    private readonly string _responsePrefix;

    /// <summary>Creates the policy for the device's <paramref name="topics"/>.</summary>
    public BrokerAccessPolicy(MqttTopics topics, MqttOptions options)
    {
        _topics = topics;
        _base = topics.Base;
        _discovery = options.DiscoveryPrefix;
        _homeAssistantStatus = topics.HomeAssistantStatus;
        _responsePrefix = options.ResponseTopicPrefix;
    }

    /// <summary>True when <paramref name="client"/> may publish to <paramref name="topic"/>.</summary>
    public bool MayPublish(BrokerClient client, string topic)
    {
        if (client == BrokerClient.Device || topic == _homeAssistantStatus)
        {
            return true;
        }

        bool command = IsCommand(topic);
        return client switch
        {
            BrokerClient.Operator => command,
            // Trusted local tools may use the broker for their own topics, but never speak for the device.
            BrokerClient.TrustedLocal => command || !(Within(topic, _base) || Within(topic, _discovery)),
            _ => false,
        };
    }

    /// <summary>True when <paramref name="client"/> may subscribe to <paramref name="filter"/>.</summary>
    public bool MaySubscribe(BrokerClient client, string filter) =>
        client is BrokerClient.Device or BrokerClient.TrustedLocal
        || Within(filter, _base) || Within(filter, _discovery)
        || (_responsePrefix.Length > 0 && Within(filter, _responsePrefix));

    // command/<name> exactly — the device's own, its groups' or the whole fleet's: results and anything deeper belong
    // to the device.
    private bool IsCommand(string topic) => _topics.CommandName(topic) is { } name && name.IndexOfAny(['+', '#']) < 0;

    // A topic or filter at or below <root>, with no wildcard in the levels that name the root.
    private static bool Within(string topicOrFilter, string root) =>
        topicOrFilter == root || topicOrFilter.StartsWith(root + "/", StringComparison.Ordinal);
}
