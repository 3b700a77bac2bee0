using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EdgeClassifier.Tests.Mqtt;

/// <summary>
/// A real mosquitto process on free localhost ports with a generated configuration (no system service). It can be
/// stopped and started again on the same ports; persistence is on so persistent sessions survive a restart.
/// </summary>
public sealed class MosquittoBroker : IDisposable
{
    private const string Executable = "/usr/sbin/mosquitto";
    private readonly string _configPath;
    private Process? _process;

    private MosquittoBroker(string directory, int port, int? tlsPort, string config)
    {
        Directory = directory;
        Port = port;
        TlsPort = tlsPort;
        _configPath = Path.Combine(directory, "mosquitto.conf");
        File.WriteAllText(_configPath, config);
    }

    /// <summary>Working directory (config, persistence, log).</summary>
    public string Directory { get; }

    /// <summary>Plain MQTT port.</summary>
    public int Port { get; }

    /// <summary>TLS port, when configured.</summary>
    public int? TlsPort { get; }

    /// <summary>Starts an anonymous broker; <paramref name="extraConfig"/> lines are appended to its configuration.</summary>
    public static MosquittoBroker Start(TempDirectory directory, string extraConfig = "") =>
        Create(directory, password: null, tls: null, extraConfig: extraConfig);

    /// <summary>Starts a broker that only accepts <paramref name="user"/> with <paramref name="password"/>.</summary>
    public static MosquittoBroker StartWithPassword(TempDirectory directory, string user, string password)
    {
        string file = Path.Combine(directory.Path, "passwords");
        RunTool("mosquitto_passwd", $"-b -c {file} {user} {password}");
        return Create(directory, password: file, tls: null);
    }

    /// <summary>Starts a broker that only accepts the users in <paramref name="passwordFile"/> (mosquitto_passwd format).</summary>
    public static MosquittoBroker StartWithPasswordFile(TempDirectory directory, string passwordFile) =>
        Create(directory, password: passwordFile, tls: null);

    /// <summary>
    /// Runs <c>mosquitto_pub</c> once as <paramref name="user"/> (no user: anonymous) against 127.0.0.1 and returns
    /// its exit code: 0 when the broker accepted the connection and the message.
    /// </summary>
    public static int Publish(int port, string? user, string? password, string topic = "test/topic", string message = "hello")
    {
        var start = new ProcessStartInfo("mosquitto_pub")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "-h", "127.0.0.1", "-p", port.ToString(), "-t", topic, "-m", message, "-q", "1", "-i", "pub-" + Guid.NewGuid().ToString("N")[..8] })
        {
            start.ArgumentList.Add(argument);
        }

        if (user is not null)
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add(user);
            start.ArgumentList.Add("-P");
            start.ArgumentList.Add(password ?? "");
        }

        using var process = Process.Start(start)!;
        if (!process.WaitForExit(10_000))
        {
            process.Kill();
            return -1;
        }

        return process.ExitCode;
    }

    /// <summary>
    /// Starts a broker with an anonymous plain listener (for the test's subscriber) and a TLS listener that requires
    /// a client certificate signed by <paramref name="certificates"/>' CA.
    /// </summary>
    public static MosquittoBroker StartWithTls(TempDirectory directory, TestCertificates certificates, bool requireClientCertificate = true) =>
        Create(directory, password: null, tls: certificates, requireClientCertificate: requireClientCertificate);

    /// <summary>Starts a broker that logs users in from <paramref name="passwordFile"/> and applies <paramref name="aclFile"/>.</summary>
    public static MosquittoBroker StartWithAcl(TempDirectory directory, string passwordFile, string aclFile) =>
        Create(directory, password: passwordFile, tls: null, aclFile: aclFile);

    private static MosquittoBroker Create(TempDirectory directory, string? password, TestCertificates? tls,
        bool requireClientCertificate = true, string? aclFile = null, string extraConfig = "")
    {
        int port = FreePort();
        int? tlsPort = tls is null ? null : FreePort();
        var config = new StringBuilder()
            .AppendLine("per_listener_settings false")
            // Started as root (CI containers), mosquitto would switch to user "mosquitto" and fail to write here.
            .AppendLine(Environment.UserName == "root" ? "user root" : "")
            .AppendLine($"persistence true\npersistence_location {directory.Path}/")
            .AppendLine($"log_dest file {directory.Path}/mosquitto.log")
            .AppendLine("log_type all")
            .AppendLine(password is null ? "allow_anonymous true" : $"allow_anonymous false\npassword_file {password}")
            .AppendLine(aclFile is null ? "" : $"acl_file {aclFile}")
            .AppendLine(extraConfig)
            .AppendLine($"listener {port} 127.0.0.1");
        if (tls is not null)
        {
            config.AppendLine($"listener {tlsPort} 127.0.0.1")
                .AppendLine($"cafile {tls.CaFile}\ncertfile {tls.ServerCertFile}\nkeyfile {tls.ServerKeyFile}")
                .AppendLine($"require_certificate {(requireClientCertificate ? "true" : "false")}");
        }

        var broker = new MosquittoBroker(directory.Path, port, tlsPort, config.ToString());
        broker.Restart();
        return broker;
    }

    /// <summary>Starts the process (again) and waits until it accepts connections.</summary>
    public void Restart()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("mosquitto is already running");
        }

        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException(
                $"{Executable} not found: the MQTT tests need a real broker (apt-get install -y mosquitto mosquitto-clients openssl).");
        }

        _process = Process.Start(new ProcessStartInfo(Executable, $"-c {_configPath}")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!Accepts(Port))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"mosquitto did not start: {_process.StandardError.ReadToEnd()} {Log()}");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>Stops the process (SIGTERM, so it saves its persistence file) and waits for it to exit.</summary>
    public void Stop()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }

        RunTool("kill", $"-TERM {_process.Id}");
        if (!_process.WaitForExit(5000))
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    /// <summary>The broker's log so far, for assertion messages.</summary>
    public string Log()
    {
        string path = Path.Combine(Directory, "mosquitto.log");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Stop();
        _process?.Dispose();
    }

    /// <summary>A TCP port nobody listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    internal static void RunTool(string tool, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {arguments} failed: {error}");
        }
    }
}
