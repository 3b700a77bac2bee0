using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace EdgeClassifier.Tests.Mqtt;

/// <summary>
/// Forwards a local port to the broker so a test can cut the service's TCP connection abruptly (RST, no MQTT
/// DISCONNECT), as a crash or a pulled cable would, while the broker keeps running.
/// </summary>
public sealed class TcpProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly ConcurrentBag<Socket> _sockets = [];
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Starts forwarding to 127.0.0.1:<paramref name="targetPort"/>.</summary>
    public TcpProxy(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    /// <summary>The port to connect to.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Resets every forwarded connection at once.</summary>
    public void DropConnections()
    {
        while (_sockets.TryTake(out var socket))
        {
            Reset(socket);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        DropConnections();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await upstream.ConnectAsync(IPAddress.Loopback, _target);
            _sockets.Add(client);
            _sockets.Add(upstream);
            _ = PumpAsync(client, upstream);
            _ = PumpAsync(upstream, client);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16384];
        try
        {
            while (true)
            {
                int read = await from.ReceiveAsync(buffer);
                if (read == 0)
                {
                    break;
                }

                await to.SendAsync(buffer.AsMemory(0, read));
            }
        }
        catch (Exception)
        {
            // One side was reset; the other is reset with it below.
        }

        Reset(to);
    }

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (ObjectDisposedException)
        {
            // Already closed by the other pump.
        }
    }
}
