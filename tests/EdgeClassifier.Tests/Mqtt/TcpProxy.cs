using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace EdgeClassifier.Tests.Mqtt;

/// <summary>
/// Forwards a local port to the broker so a test can cut the service's TCP connection abruptly (RST, no MQTT
/// DISCONNECT), as a crash or a pulled cable would, while the broker keeps running; or cut it when the client sends
/// given bytes (a broker that hangs up on a packet); or turn new connections away (a broker that is down).
/// </summary>
public sealed class TcpProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly ConcurrentBag<Socket> _sockets = [];
    private readonly CancellationTokenSource _stop = new();
    private int _refused;

    /// <summary>Starts forwarding to 127.0.0.1:<paramref name="targetPort"/>.</summary>
    public TcpProxy(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    /// <summary>
    /// Looked at for every chunk the client sends: when it returns true, the chunk is not passed on and the connection
    /// is reset instead.
    /// </summary>
    public Func<ReadOnlyMemory<byte>, bool>? CutWhenClientSends { get; set; }

    /// <summary>While true, new connections are reset as soon as they arrive, as if no broker were listening.</summary>
    public bool Refusing { get; set; }

    /// <summary>Connections reset on arrival while <see cref="Refusing"/>.</summary>
    public int RefusedConnections => Volatile.Read(ref _refused);

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

            if (Refusing)
            {
                Interlocked.Increment(ref _refused);
                Reset(client);
                continue;
            }

            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await upstream.ConnectAsync(IPAddress.Loopback, _target);
            _sockets.Add(client);
            _sockets.Add(upstream);
            _ = PumpAsync(client, upstream, chunk => CutWhenClientSends?.Invoke(chunk) ?? false);
            _ = PumpAsync(upstream, client, _ => false);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to, Func<ReadOnlyMemory<byte>, bool> cut)
    {
        var buffer = new byte[16384];
        try
        {
            while (true)
            {
                int read = await from.ReceiveAsync(buffer);
                if (read == 0 || cut(buffer.AsMemory(0, read)))
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
