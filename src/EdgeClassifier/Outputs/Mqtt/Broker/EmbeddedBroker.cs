using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeClassifier.Security;
using Microsoft.Extensions.Logging;
using MQTTnet.Server;

namespace EdgeClassifier.Outputs.Mqtt.Broker;

/// <summary>
/// An MQTTnet broker inside the service, started when no broker is configured, so a dashboard can connect to the
/// device itself. Listens on loopback unless <c>Mqtt:Embedded:Listen</c> says otherwise; logs users in from
/// <c>Users:PasswordFile</c>; enforces topic permissions and size and connection limits; retained messages in memory.
/// </summary>
public sealed class EmbeddedBroker : IAsyncDisposable
{
    private readonly MqttServer _server;
    private readonly ILogger _logger;

    private EmbeddedBroker(MqttServer server, NetworkCredential device, string deviceHost, ILogger logger)
    {
        _server = server;
        DeviceCredential = device;
        DeviceHost = deviceHost;
        _logger = logger;
    }

    /// <summary>The user name and per-run secret the service's own client logs in with.</summary>
    public NetworkCredential DeviceCredential { get; }

    /// <summary>The address the service's own client connects to.</summary>
    public string DeviceHost { get; }

    /// <summary>Starts the broker <paramref name="options"/> describe (already validated).</summary>
    public static async Task<EmbeddedBroker> StartAsync(MqttOptions options, MqttTopics topics, UserStore users, ILogger logger)
    {
        var endpoints = EmbeddedBrokerEndpoints.For(options);
        string deviceHost = EmbeddedBrokerEndpoints.DeviceHost(options)
            ?? throw new InvalidOperationException("Mqtt:Embedded:Listen has no plain listener for the device to connect to.");
        var device = new NetworkCredential(
            "edgeclassifier-device-" + Guid.NewGuid().ToString("N")[..8], Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var serverOptions = new MqttServerOptionsBuilder()
            .WithMaxPendingMessagesPerClient(options.Embedded.MaxPendingPerClient)
            .WithPendingMessagesOverflowStrategy(MqttPendingMessagesOverflowStrategy.DropOldestQueuedMessage)
            .Build();
        var listener = new BrokerListener(endpoints, LoadCertificate(options.Embedded), options.Embedded, logger);
        var server = new MqttServerFactory().CreateMqttServer(serverOptions, [listener]);
        var gate = new BrokerGate(new BrokerAccessPolicy(topics, options), users, device, options.ClientId, logger);
        server.ValidatingConnectionAsync += gate.ValidateConnectionAsync;
        server.InterceptingPublishAsync += gate.InterceptPublishAsync;
        server.InterceptingSubscriptionAsync += gate.InterceptSubscriptionAsync;
        try
        {
            await server.StartAsync().ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            server.Dispose();
            throw new InvalidOperationException(
                $"Mqtt:Host is empty, so an embedded broker should listen on {string.Join(", ", endpoints)} " +
                $"(Mqtt:Embedded:Listen, Mqtt:Port), but it cannot: {ex.Message}", ex);
        }

        logger.LogInformation("MQTT embedded broker listening on {Endpoints}; {Access}", string.Join(", ", endpoints),
            users.HasUsers
                ? $"users from {users.Source} log in, operators may command"
                : "no users configured, so only this machine can connect (add users with 'edgeclassifier passwd')");
        return new EmbeddedBroker(server, device, deviceHost, logger);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _server.StopAsync(new MqttServerStopOptionsBuilder().Build()).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "MQTT embedded broker did not stop cleanly");
        }

        _server.Dispose();
    }

    /// <summary>The certificate with the intermediates that follow it in the file, which clients need to build the chain.</summary>
    private static SslStreamCertificateContext? LoadCertificate(EmbeddedBrokerOptions options)
    {
        if (options.CertificateFile.Length == 0)
        {
            return null;
        }

        using var pem = X509Certificate2.CreateFromPemFile(options.CertificateFile, options.KeyFile);
        // SslStream needs the key in a persisted (PKCS#12) form rather than an ephemeral one.
        var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(options.CertificateFile);
        var intermediates = new X509Certificate2Collection(chain.Where(c => c.Thumbprint != certificate.Thumbprint).ToArray());
        return SslStreamCertificateContext.Create(certificate, intermediates, offline: true);
    }
}
