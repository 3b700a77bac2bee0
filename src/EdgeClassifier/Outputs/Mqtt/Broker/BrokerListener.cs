using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;
using MQTTnet.Server;

namespace EdgeClassifier.Outputs.Mqtt.Broker;

/// <summary>One address the embedded broker listens on, plain or TLS.</summary>
public sealed record ListenEndpoint(IPEndPoint EndPoint, bool Tls)
{
    /// <inheritdoc />
    public override string ToString() => $"{(Tls ? "mqtts" : "mqtt")}://{EndPoint}";
}

/// <summary>
/// The embedded broker's sockets, in place of MQTTnet's own: exactly the configured addresses (MQTTnet's default
/// endpoint adds <c>[::]</c>, every interface, whatever the IPv4 address says), at most
/// <see cref="EmbeddedBrokerOptions.MaxConnections"/> clients, TLS where asked, and a packet-size limit enforced
/// while the bytes arrive.
/// </summary>
internal sealed class BrokerListener : IMqttServerAdapter
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    private readonly IReadOnlyList<ListenEndpoint> _endpoints;
    private readonly SslStreamCertificateContext? _certificate;
    private readonly EmbeddedBrokerOptions _limits;
    private readonly ILogger _logger;
    private readonly List<Socket> _sockets = [];
    private CancellationTokenSource? _stop;
    private int _connections;
    private long _lastRefusalLog;

    public BrokerListener(IReadOnlyList<ListenEndpoint> endpoints, SslStreamCertificateContext? certificate, EmbeddedBrokerOptions limits, ILogger logger)
    {
        _endpoints = endpoints;
        _certificate = certificate;
        _limits = limits;
        _logger = logger;
    }

    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        _stop = new CancellationTokenSource();
        foreach (var endpoint in _endpoints)
        {
            var socket = new Socket(endpoint.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            if (endpoint.EndPoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                // "::" must not quietly take IPv4 too: every address family is listed on its own.
                socket.DualMode = false;
            }

            try
            {
                socket.Bind(endpoint.EndPoint);
                socket.Listen(16);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            _sockets.Add(socket);
            _ = AcceptAsync(socket, endpoint, options, logger, _stop.Token);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync()
    {
        Close();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        Close();
    }

    private void Close()
    {
        _stop?.Cancel();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        _sockets.Clear();
        _stop?.Dispose();
        _stop = null;
    }

    private async Task AcceptAsync(Socket listener, ListenEndpoint endpoint, MqttServerOptions options, IMqttNetLogger logger,
        CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                _logger.LogDebug(ex, "MQTT embedded broker: accept on {Endpoint} failed", endpoint);
                continue;
            }

            if (Interlocked.Increment(ref _connections) > _limits.MaxConnections)
            {
                Interlocked.Decrement(ref _connections);
                LogRefusal(client.RemoteEndPoint);
                client.Dispose();
                continue;
            }

            _ = Task.Run(() => ServeAsync(client, endpoint, options, logger, cancellationToken), cancellationToken);
        }
    }

    private async Task ServeAsync(Socket client, ListenEndpoint endpoint, MqttServerOptions options, IMqttNetLogger logger,
        CancellationToken cancellationToken)
    {
        EndPoint? remote = client.RemoteEndPoint;
        Stream stream = new NetworkStream(client, ownsSocket: true);
        try
        {
            client.NoDelay = true;
            if (endpoint.Tls)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                using var handshake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                handshake.CancelAfter(HandshakeTimeout);
                await tls.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions { ServerCertificateContext = _certificate, ClientCertificateRequired = false },
                    handshake.Token).ConfigureAwait(false);
            }

            var limited = new PacketSizeLimitStream(stream, _limits.MaxPacketBytes);
            stream = limited;
            var channel = new MqttTcpChannel(stream, endpoint.EndPoint, remote, null);
            var formatter = new MqttPacketFormatterAdapter(new MqttBufferWriter(options.WriterBufferSize, options.WriterBufferSizeMax));
            using var adapter = new ClientIdAssigningAdapter(
                new MqttChannelAdapter(channel, formatter, logger) { AllowPacketFragmentation = true });
            if (ClientHandler is { } handler)
            {
                await handler(adapter).ConfigureAwait(false);
            }

            if (limited.RefusedPacketBytes is { } size)
            {
                _logger.LogWarning("MQTT embedded broker: disconnected {Remote}: it sent a packet of {Size} bytes, above " +
                                   "Mqtt:Embedded:MaxPacketBytes ({Max})", remote, size, _limits.MaxPacketBytes);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("MQTT embedded broker: client {Remote} on {Endpoint} dropped: {Reason}", remote, endpoint,
                Innermost(ex).Message);
        }
        catch (OperationCanceledException)
        {
            // The broker is stopping.
        }
        finally
        {
            Interlocked.Decrement(ref _connections);
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void LogRefusal(EndPoint? remote)
    {
        // A flood of connections would otherwise flood the journal too: one line a minute at most.
        long now = Environment.TickCount64;
        long last = Interlocked.Read(ref _lastRefusalLog);
        if (now - last >= 60_000 && Interlocked.CompareExchange(ref _lastRefusalLog, now, last) == last)
        {
            _logger.LogWarning("MQTT embedded broker: refused {Remote}: {Max} clients are connected (Mqtt:Embedded:MaxConnections)",
                remote, _limits.MaxConnections);
        }
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null && ex is not PacketTooLargeException)
        {
            ex = ex.InnerException;
        }

        return ex;
    }
}
