using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace EdgeClassifier.Tests.Hosting;

/// <summary>Plays systemd's side of the notify protocol: a bound Unix datagram socket that records what arrives.</summary>
internal sealed class NotifySocketListener : IDisposable
{
    private readonly Socket _socket;
    private readonly string? _directory;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<NotifyMessage> _received = [];
    private readonly Task _receiving;

    private NotifySocketListener(string address, string endPointName, string? directory)
    {
        Address = address;
        _directory = directory;
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _socket.Bind(new UnixDomainSocketEndPoint(endPointName));
        _receiving = Task.Run(ReceiveAsync);
    }

    /// <summary>What NOTIFY_SOCKET would hold for this socket.</summary>
    public string Address { get; }

    /// <summary>Time since the listener was created, on the same clock as <see cref="NotifyMessage.At"/>.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public static NotifySocketListener InTempDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("ec-notify-").FullName;
        var path = Path.Combine(directory, "notify");
        return new NotifySocketListener(path, path, directory);
    }

    public static NotifySocketListener Abstract()
    {
        var name = "edgeclassifier-test-" + Guid.NewGuid().ToString("N");
        return new NotifySocketListener("@" + name, "\0" + name, null);
    }

    public IReadOnlyList<NotifyMessage> Received()
    {
        lock (_received)
        {
            return [.. _received];
        }
    }

    public IReadOnlyList<NotifyMessage> Received(string text) =>
        Received().Where(m => m.Text == text).ToList();

    /// <summary>Waits for the first message after <paramref name="since"/> that satisfies <paramref name="match"/>.</summary>
    public async Task<NotifyMessage> WaitForAsync(Func<string, bool> match, TimeSpan since, TimeSpan timeout)
    {
        var deadline = Now + timeout;
        while (Now < deadline)
        {
            var found = Received().FirstOrDefault(m => m.At >= since && match(m.Text));
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"no matching notify message within {timeout}; got: {string.Join(" | ", Received().Select(m => m.Text))}");
    }

    public void Dispose()
    {
        _socket.Dispose();
        _receiving.Wait(TimeSpan.FromSeconds(5));
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var length = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                var message = new NotifyMessage(Encoding.UTF8.GetString(buffer, 0, length), _clock.Elapsed);
                lock (_received)
                {
                    _received.Add(message);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The socket was closed by Dispose.
        }
    }
}

/// <summary>One datagram and when it arrived.</summary>
internal sealed record NotifyMessage(string Text, TimeSpan At);
