using System.Net;

namespace EdgeClassifier.Security;

/// <summary>Tells loopback (this machine only) from addresses other hosts can reach.</summary>
public static class NetworkAddresses
{
    /// <summary>True for 127.0.0.0/8, ::1 and their IPv4-mapped IPv6 forms (::ffff:127.0.0.1).</summary>
    public static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>True when <paramref name="endPoint"/> is an IP end point on a loopback address.</summary>
    public static bool IsLoopback(EndPoint? endPoint) => endPoint is IPEndPoint ip && IsLoopback(ip.Address);

    /// <summary>True when <paramref name="host"/> is <c>localhost</c> or a loopback address literal.</summary>
    public static bool IsLoopbackHost(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IsLoopback(address));
}
