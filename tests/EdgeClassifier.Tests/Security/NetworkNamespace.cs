using System.Diagnostics;

namespace EdgeClassifier.Tests.Security;

/// <summary>
/// "Another host on the LAN": a network namespace joined to this machine by a veth pair with private IPv4 and IPv6
/// addresses on both ends, created by the test and deleted on dispose. Traffic goes only between the two ends.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    private readonly string _hostLink;

    private NetworkNamespace(string name, string hostLink, int subnet)
    {
        Name = name;
        _hostLink = hostLink;
        HostIPv4 = $"10.213.{subnet}.1";
        GuestIPv4 = $"10.213.{subnet}.2";
        HostIPv6 = $"fd00:ec:{subnet:x}::1";
        GuestIPv6 = $"fd00:ec:{subnet:x}::2";
    }

    /// <summary>The namespace's name (for <c>ip netns exec</c>).</summary>
    public string Name { get; }

    /// <summary>This machine's end, IPv4.</summary>
    public string HostIPv4 { get; }

    /// <summary>The namespace's end, IPv4.</summary>
    public string GuestIPv4 { get; }

    /// <summary>This machine's end, IPv6.</summary>
    public string HostIPv6 { get; }

    /// <summary>The namespace's end, IPv6.</summary>
    public string GuestIPv6 { get; }

    /// <summary>True when this process may create namespaces (root with <c>ip</c> installed).</summary>
    public static bool Available =>
        Environment.UserName == "root" && (File.Exists("/usr/sbin/ip") || File.Exists("/sbin/ip") || File.Exists("/usr/bin/ip"));

    /// <summary>Creates the namespace and the veth pair, both ends up and addressed.</summary>
    public static NetworkNamespace Create()
    {
        int subnet = Random.Shared.Next(1, 250);
        string suffix = Guid.NewGuid().ToString("N")[..6];
        var ns = new NetworkNamespace($"ecsec-{suffix}", $"ecv{suffix}", subnet);
        try
        {
            Ip($"netns add {ns.Name}");
            Ip($"link add {ns._hostLink} type veth peer name ecpeer{suffix}");
            Ip($"link set ecpeer{suffix} netns {ns.Name}");
            Ip($"addr add {ns.HostIPv4}/30 dev {ns._hostLink}");
            Ip($"-6 addr add {ns.HostIPv6}/64 dev {ns._hostLink} nodad");
            Ip($"link set {ns._hostLink} up");
            Ip($"netns exec {ns.Name} ip addr add {ns.GuestIPv4}/30 dev ecpeer{suffix}");
            Ip($"netns exec {ns.Name} ip -6 addr add {ns.GuestIPv6}/64 dev ecpeer{suffix} nodad");
            Ip($"netns exec {ns.Name} ip link set ecpeer{suffix} up");
            Ip($"netns exec {ns.Name} ip link set lo up");
            return ns;
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="command"/> inside the namespace; returns exit code and output.</summary>
    public (int ExitCode, string Output) Run(TimeSpan timeout, params string[] command)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "netns", "exec", Name }.Concat(command))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, output.Result + error.Result);
        }

        return (process.ExitCode, output.Result + error.Result);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        TryIp($"link del {_hostLink}");
        TryIp($"netns del {Name}");
    }

    private static void Ip(string arguments) => Mqtt.MosquittoBroker.RunTool("ip", arguments);

    private static void TryIp(string arguments)
    {
        try
        {
            Ip(arguments);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}

/// <summary>A test that needs root (network or UTS namespaces); skipped, saying why, when the process is not root.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    /// <param name="why">What the test does as root, shown as the skip reason.</param>
    public RootFactAttribute(string why)
    {
        if (!NetworkNamespace.Available)
        {
            Skip = $"needs root and iproute2: {why}";
        }
    }
}
