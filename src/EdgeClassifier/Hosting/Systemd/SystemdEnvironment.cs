using System.Globalization;

namespace EdgeClassifier.Hosting.Systemd;

/// <summary>
/// The variables systemd sets for a <c>Type=notify</c> service, read once at start.
/// </summary>
/// <param name="NotifySocket">
/// <c>NOTIFY_SOCKET</c>: a socket path, or an abstract socket name starting with '@'; null when not run by systemd.
/// </param>
/// <param name="WatchdogTimeout">
/// <c>WATCHDOG_USEC</c> as a time span; null when the unit has no <c>WatchdogSec=</c> or the watchdog is meant for
/// another process (<c>WATCHDOG_PID</c>).
/// </param>
public sealed record SystemdEnvironment(string? NotifySocket, TimeSpan? WatchdogTimeout)
{
    /// <summary>Reads the variables of this process.</summary>
    public static SystemdEnvironment FromProcess() =>
        Read(Environment.GetEnvironmentVariable, Environment.ProcessId);

    /// <summary>Reads the variables through <paramref name="getVariable"/>, as seen by process <paramref name="processId"/>.</summary>
    public static SystemdEnvironment Read(Func<string, string?> getVariable, int processId)
    {
        var socket = getVariable("NOTIFY_SOCKET");
        return new SystemdEnvironment(
            string.IsNullOrEmpty(socket) ? null : socket,
            ParseWatchdogTimeout(getVariable("WATCHDOG_USEC"), getVariable("WATCHDOG_PID"), processId));
    }

    /// <summary>
    /// Parses <c>WATCHDOG_USEC</c> (microseconds, a positive integer). Returns null when it is absent or malformed,
    /// or when <c>WATCHDOG_PID</c> names another process: systemd then expects the pings from that process.
    /// </summary>
    public static TimeSpan? ParseWatchdogTimeout(string? watchdogUsec, string? watchdogPid, int processId)
    {
        if (!ulong.TryParse(watchdogUsec, NumberStyles.None, CultureInfo.InvariantCulture, out var microseconds)
            || microseconds == 0
            || microseconds > (ulong)TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerMicrosecond)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(watchdogPid)
            && (!int.TryParse(watchdogPid, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid != processId))
        {
            return null;
        }

        return TimeSpan.FromMicroseconds(microseconds);
    }
}
