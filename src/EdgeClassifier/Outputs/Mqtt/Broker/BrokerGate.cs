using System.Net;
using System.Security.Cryptography;
using System.Text;
using EdgeClassifier.Security;
using Microsoft.Extensions.Logging;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeClassifier.Outputs.Mqtt.Broker;

/// <summary>
/// The embedded broker's checks: who a connecting client is (the device by its per-run secret, a user by the
/// password file, or a trusted loopback client when there are no users), and whether its publishes and
/// subscriptions are allowed by the <see cref="BrokerAccessPolicy"/>. Refusals are logged once per client and topic.
/// </summary>
internal sealed class BrokerGate
{
    private const string ClientKey = "edgeclassifier.client";
    private const int MaxRemembered = 1000;

    private readonly BrokerAccessPolicy _policy;
    private readonly UserStore _users;
    private readonly NetworkCredential _device;
    private readonly string _deviceClientId;
    private readonly ILogger _logger;
    private readonly HashSet<string> _logged = new(StringComparer.Ordinal);

    public BrokerGate(BrokerAccessPolicy policy, UserStore users, NetworkCredential device, string deviceClientId, ILogger logger)
    {
        _policy = policy;
        _users = users;
        _device = device;
        _deviceClientId = deviceClientId;
        _logger = logger;
    }

    public Task ValidateConnectionAsync(ValidatingConnectionEventArgs e)
    {
        // MQTT lets a client leave its id empty and have the broker assign one (mosquitto_sub does, by default).
        if (string.IsNullOrEmpty(e.ClientId))
        {
            e.AssignedClientIdentifier = NewClientId();
        }

        BrokerClient? client = Identify(e.UserName, e.Password, e.RemoteEndPoint);
        if (client is null)
        {
            e.ReasonCode = _users.HasUsers ? MqttConnectReasonCode.BadUserNameOrPassword : MqttConnectReasonCode.NotAuthorized;
            LogOnce($"refused {e.RemoteEndPoint}", "MQTT embedded broker: refused {Remote} (user '{User}'): {Reason}",
                e.RemoteEndPoint, e.UserName ?? "", _users.HasUsers ? "wrong or missing user name or password" : "not on loopback");
            return Task.CompletedTask;
        }

        if (client != BrokerClient.Device && e.ClientId == _deviceClientId)
        {
            // Taking over the device's client id would disconnect the device itself.
            e.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
            return Task.CompletedTask;
        }

        e.SessionItems[ClientKey] = client.Value;
        return Task.CompletedTask;
    }

    /// <summary>An id for a client that sent none.</summary>
    public static string NewClientId() => "auto-" + Guid.NewGuid().ToString("N")[..12];

    public Task InterceptPublishAsync(InterceptingPublishEventArgs e)
    {
        var client = ClientOf(e.SessionItems);
        string topic = e.ApplicationMessage.Topic;
        if (!_policy.MayPublish(client, topic))
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MQTTnet.Protocol.MqttPubAckReasonCode.NotAuthorized;
            LogOnce($"publish {e.ClientId} {topic}", "MQTT embedded broker: {Client} '{ClientId}' (user '{User}') may not publish to {Topic}",
                client, e.ClientId, e.UserName ?? "", topic);
        }

        return Task.CompletedTask;
    }

    public Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        var client = ClientOf(e.SessionItems);
        string filter = e.TopicFilter.Topic;
        if (!_policy.MaySubscribe(client, filter))
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            LogOnce($"subscribe {e.ClientId} {filter}", "MQTT embedded broker: {Client} '{ClientId}' (user '{User}') may not subscribe to {Filter}",
                client, e.ClientId, e.UserName ?? "", filter);
        }

        return Task.CompletedTask;
    }

    private BrokerClient? Identify(string? user, string? password, EndPoint? remote)
    {
        if (user == _device.UserName && password is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(_device.Password)))
        {
            return BrokerClient.Device;
        }

        if (!_users.HasUsers)
        {
            return NetworkAddresses.IsLoopback(remote) ? BrokerClient.TrustedLocal : null;
        }

        return _users.Authenticate(user, password) switch
        {
            UserRole.Operator => BrokerClient.Operator,
            UserRole.Viewer => BrokerClient.Viewer,
            _ => null,
        };
    }

    private static BrokerClient ClientOf(System.Collections.IDictionary items) =>
        items[ClientKey] is BrokerClient client ? client : BrokerClient.Viewer;

    private void LogOnce(string key, string message, params object?[] arguments)
    {
        lock (_logged)
        {
            if (_logged.Count >= MaxRemembered || !_logged.Add(key))
            {
                return;
            }
        }

#pragma warning disable CA2254 // The templates are the constant strings above.
        _logger.LogWarning(message, arguments);
#pragma warning restore CA2254
    }
}
