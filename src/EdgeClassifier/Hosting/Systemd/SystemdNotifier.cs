using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeClassifier.Hosting.Systemd;

/// <summary>
/// Sends sd_notify messages (<c>WATCHDOG=1</c>, <c>STATUS=...</c>, READY and STOPPING) as datagrams to
/// the socket systemd named in <c>NOTIFY_SOCKET</c>. Does nothing when there is no such socket, so the same code runs
/// under systemd, in a terminal and in tests.
/// </summary>
/// <remarks>
/// Also implements the hosting package's <see cref="ISystemdNotifier"/>, so <see cref="SystemdLifetime"/> can send
/// READY=1 and STOPPING=1 through it as well.
/// </remarks>
public sealed partial class SystemdNotifier : ISystemdNotifier
{
    private readonly UnixDomainSocketEndPoint? _endPoint;
    private readonly ILogger _logger;
    private int _lastSendFailed;

    /// <summary>Creates a notifier for <paramref name="notifySocket"/> (a path, or '@' + an abstract name); null disables it.</summary>
    public SystemdNotifier(string? notifySocket, ILogger<SystemdNotifier>? logger = null)
    {
        _logger = logger ?? NullLogger<SystemdNotifier>.Instance;
        if (!string.IsNullOrEmpty(notifySocket))
        {
            // Linux spells an abstract socket address with a leading NUL; systemd writes it with '@'.
            _endPoint = new UnixDomainSocketEndPoint(notifySocket[0] == '@' ? "\0" + notifySocket[1..] : notifySocket);
        }
    }

    /// <summary>True when a notify socket is configured, i.e. messages go somewhere.</summary>
    public bool IsEnabled => _endPoint is not null;

    /// <summary>
    /// Sends one message, e.g. <c>WATCHDOG=1</c>. Returns true when it was delivered to the socket; false when
    /// disabled or when the send failed (logged once per run of failures: systemd being away must not stop the service).
    /// </summary>
    public bool Notify(string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(message);
        if (_endPoint is null)
        {
            return false;
        }

        try
        {
            // A socket per message, as sd_notify does: nothing to keep alive or reconnect if systemd re-executes.
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.SendTo(Encoding.UTF8.GetBytes(message), _endPoint);
            Interlocked.Exchange(ref _lastSendFailed, 0);
            return true;
        }
        catch (SocketException ex)
        {
            if (Interlocked.Exchange(ref _lastSendFailed, 1) == 0)
            {
                LogSendFailed(ex.SocketErrorCode);
            }

            return false;
        }
    }

    /// <inheritdoc />
    void ISystemdNotifier.Notify(ServiceState state) => Notify(state.ToString());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send to the systemd notify socket ({Error}); will keep trying")]
    private partial void LogSendFailed(SocketError error);
}
