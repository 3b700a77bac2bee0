using System.Net;
using Microsoft.Extensions.Logging;
using MQTTnet.Server;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// An MQTTnet broker inside the service, started when no broker is configured, so a dashboard can connect to the
/// device itself. Anonymous, plain TCP, retained messages in memory.
/// </summary>
public sealed class EmbeddedBroker : IAsyncDisposable
{
    private readonly MqttServer _server;
    private readonly ILogger _logger;

    private EmbeddedBroker(MqttServer server, ILogger logger)
    {
        _server = server;
        _logger = logger;
    }

    /// <summary>Starts a broker on <paramref name="address"/>:<paramref name="port"/>.</summary>
    public static async Task<EmbeddedBroker> StartAsync(string address, int port, ILogger logger)
    {
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Parse(address))
            .WithDefaultEndpointPort(port)
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(options);

        // MQTT lets a client leave its id empty and have the broker assign one (mosquitto_sub does, by default).
        server.ValidatingConnectionAsync += e =>
        {
            if (string.IsNullOrEmpty(e.ClientId))
            {
                e.AssignedClientIdentifier = "auto-" + Guid.NewGuid().ToString("N")[..12];
            }

            return Task.CompletedTask;
        };
        try
        {
            await server.StartAsync().ConfigureAwait(false);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            server.Dispose();
            throw new InvalidOperationException(
                $"Mqtt:Host is empty, so an embedded broker should listen on {address}:{port} (Mqtt:EmbeddedBrokerAddress, Mqtt:Port), " +
                $"but it cannot: {ex.Message}", ex);
        }

        logger.LogInformation("MQTT embedded broker listening on {Address}:{Port}", address, port);
        return new EmbeddedBroker(server, logger);
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
}
