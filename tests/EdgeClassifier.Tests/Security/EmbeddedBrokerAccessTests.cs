using System.Diagnostics;
using EdgeClassifier.Outputs.Mqtt;
using EdgeClassifier.Security;
using EdgeClassifier.Tests.Mqtt;

namespace EdgeClassifier.Tests.Security;

/// <summary>
/// The embedded broker seen from the network: real mosquitto clients, on loopback and in a network namespace that
/// stands in for another host on the LAN.
/// </summary>
[Collection(MqttCollection.Name)]
public sealed class EmbeddedBrokerAccessTests
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task With_no_configuration_it_listens_on_127_0_0_1_and_ipv6_loopback_only()
    {
        using var directory = new TempDirectory();
        var options = EmbeddedOptions(directory);
        await using var service = await MqttServiceHarness.StartAsync(options);
        await service.WaitIdleAsync();

        Assert.Equal(["127.0.0.1", "[::1]"], ListeningAddresses(options.Port).Order().ToArray());
        // Trusted on loopback without users: a local dashboard reads and commands (here mosquitto_pub with its
        // defaults: MQTT 3.1.1 and no client id, which the broker assigns).
        var pub = Process.Start(new ProcessStartInfo("mosquitto_pub", $"-h 127.0.0.1 -p {options.Port} -t edgeclassifier/cam1/command/pause -n")
        {
            RedirectStandardError = true,
        })!;
        string error = pub.StandardError.ReadToEnd();
        pub.WaitForExit(10_000);
        Assert.True(pub.ExitCode == 0, error);
        await service.WaitUntilAsync(() => service.Control.Paused, "the local pause");
    }

    [RootFact("simulates another host with a network namespace (ip netns add + veth)")]
    public async Task With_no_configuration_another_host_is_refused_over_IPv4_and_IPv6()
    {
        using var directory = new TempDirectory();
        using var lan = NetworkNamespace.Create();
        var options = EmbeddedOptions(directory);
        await using var service = await MqttServiceHarness.StartAsync(options);
        await service.WaitIdleAsync();

        foreach (string address in new[] { lan.HostIPv4, lan.HostIPv6 })
        {
            var (code, output) = lan.Run(ClientTimeout, "mosquitto_pub", "-h", address, "-p", options.Port.ToString(),
                "-t", "edgeclassifier/cam1/command/pause", "-n");
            Assert.NotEqual(0, code);
            Assert.Contains("refused", output, StringComparison.OrdinalIgnoreCase);
        }

        Assert.False(service.Control.Paused);
    }

    [RootFact("simulates another host with a network namespace (ip netns add + veth)")]
    public async Task On_a_LAN_listener_users_log_in_viewers_watch_operators_command_and_only_the_device_publishes_state()
    {
        using var directory = new TempDirectory();
        using var lan = NetworkNamespace.Create();
        string users = directory.File("users");
        PasswordFile.SetPassword(users, "viewer", "view-pw");
        PasswordFile.SetPassword(users, "operator", "op-pw");
        var store = UserStore.Load(new UsersOptions { PasswordFile = users, Operators = ["operator"] });
        var options = EmbeddedOptions(directory);
        options.Embedded.Listen = ["127.0.0.1", lan.HostIPv4, lan.HostIPv6];
        await using var service = await MqttServiceHarness.StartAsync(options, store);
        await service.WaitIdleAsync();
        service.Service.Decisions.Publish(MqttServiceHarness.Decision("dog", 1));
        await service.WaitIdleAsync();
        string port = options.Port.ToString();

        (int Code, string Output) Client(string tool, string address, string? user, string? password, params string[] rest)
        {
            var command = new List<string> { tool, "-h", address, "-p", port, "-V", "mqttv5" };
            if (user is not null)
            {
                command.AddRange(["-u", user, "-P", password!]);
            }

            command.AddRange(rest);
            return lan.Run(ClientTimeout, [.. command]);
        }

        // No or wrong credentials: refused, over both address families.
        foreach (string address in new[] { lan.HostIPv4, lan.HostIPv6 })
        {
            var anonymous = Client("mosquitto_sub", address, null, null, "-t", "edgeclassifier/cam1/state", "-C", "1", "-W", "5");
            Assert.DoesNotContain("dog", anonymous.Output);
            Assert.Contains("Connection error", anonymous.Output);
            var wrong = Client("mosquitto_sub", address, "viewer", "op-pw", "-t", "edgeclassifier/cam1/state", "-C", "1", "-W", "5");
            Assert.DoesNotContain("dog", wrong.Output);
            Assert.Contains("Connection error", wrong.Output);
        }

        // A viewer reads the retained state...
        var state = Client("mosquitto_sub", lan.HostIPv4, "viewer", "view-pw", "-t", "edgeclassifier/cam1/state", "-C", "1", "-W", "5");
        Assert.True(state.Code == 0, state.Output);
        Assert.Contains("\"label\":\"dog\"", state.Output);
        // ...but cannot command, nor speak for the device (retained fake state, fake availability).
        Client("mosquitto_pub", lan.HostIPv4, "viewer", "view-pw", "-t", "edgeclassifier/cam1/command/pause", "-n");
        Client("mosquitto_pub", lan.HostIPv6, "viewer", "view-pw", "-t", "edgeclassifier/cam1/state", "-r", "-m", "{\"label\":\"fake\"}");
        Client("mosquitto_pub", lan.HostIPv4, "operator", "op-pw", "-t", "edgeclassifier/cam1/state", "-r", "-m", "{\"label\":\"fake\"}");
        Client("mosquitto_pub", lan.HostIPv4, "operator", "op-pw", "-t", "edgeclassifier/cam1/availability", "-r", "-m", "offline");
        await Task.Delay(500);
        Assert.False(service.Control.Paused);
        state = Client("mosquitto_sub", lan.HostIPv4, "viewer", "view-pw", "-t", "edgeclassifier/cam1/state", "-C", "1", "-W", "5");
        Assert.Contains("\"label\":\"dog\"", state.Output);
        Assert.Contains(service.Logs.Lines, l => l.Contains("'viewer') may not publish to edgeclassifier/cam1/command/pause"));
        Assert.Contains(service.Logs.Lines, l => l.Contains("'operator') may not publish to edgeclassifier/cam1/state"));
        // Viewers see the device's topics only.
        var everything = Client("mosquitto_sub", lan.HostIPv4, "viewer", "view-pw", "-t", "#", "-C", "1", "-W", "3");
        Assert.DoesNotContain("dog", everything.Output);

        // An operator commands, over IPv6 too.
        var pause = Client("mosquitto_pub", lan.HostIPv6, "operator", "op-pw", "-t", "edgeclassifier/cam1/command/pause", "-n");
        Assert.True(pause.Code == 0, pause.Output);
        await service.WaitUntilAsync(() => service.Control.Paused, "the operator's pause");

        // A 2 MiB packet is refused before it is read; the device stays connected.
        string big = directory.File("big.bin");
        File.WriteAllBytes(big, new byte[2 * 1024 * 1024]);
        Client("mosquitto_pub", lan.HostIPv4, "operator", "op-pw", "-t", "homeassistant/status", "-f", big);
        await service.WaitUntilAsync(() => service.Logs.Lines.Any(l => l.Contains("above Mqtt:Embedded:MaxPacketBytes (1048576)")),
            "the oversized packet to be refused");
        Assert.True(service.Service.IsConnected);
    }

    [RootFact("simulates another host with a network namespace (ip netns add + veth)")]
    public async Task With_a_certificate_the_LAN_address_speaks_only_TLS_and_sends_its_intermediate_CA()
    {
        using var directory = new TempDirectory();
        using var lan = NetworkNamespace.Create();
        var certificates = TestCertificates.GenerateWithIntermediate(directory.Path, "device", lan.HostIPv4);
        string users = directory.File("users");
        PasswordFile.SetPassword(users, "viewer", "view-pw");
        var options = EmbeddedOptions(directory);
        options.Embedded.Listen = ["127.0.0.1", lan.HostIPv4];
        options.Embedded.CertificateFile = certificates.ServerCertFile;
        options.Embedded.KeyFile = certificates.ServerKeyFile;
        options.Embedded.TlsPort = MosquittoBroker.FreePort();
        await using var service = await MqttServiceHarness.StartAsync(options, UserStore.Load(new UsersOptions { PasswordFile = users }));
        await service.WaitIdleAsync();
        service.Service.Decisions.Publish(MqttServiceHarness.Decision("dog", 1));
        await service.WaitIdleAsync();

        Assert.Equal(["127.0.0.1"], ListeningAddresses(options.Port));
        Assert.Equal([lan.HostIPv4], ListeningAddresses(options.Embedded.TlsPort));
        // The client trusts only the root: the broker must send the intermediate for the chain to verify.
        var tls = lan.Run(ClientTimeout, "mosquitto_sub", "-h", lan.HostIPv4, "-p", options.Embedded.TlsPort.ToString(),
            "--cafile", certificates.CaFile, "-u", "viewer", "-P", "view-pw", "-t", "edgeclassifier/cam1/state", "-C", "1", "-W", "5",
            "-V", "mqttv5");
        Assert.Contains("\"label\":\"dog\"", tls.Output);
        var plain = lan.Run(ClientTimeout, "mosquitto_sub", "-h", lan.HostIPv4, "-p", options.Port.ToString(),
            "-u", "viewer", "-P", "view-pw", "-t", "edgeclassifier/cam1/state", "-C", "1", "-W", "5", "-V", "mqttv5");
        Assert.DoesNotContain("dog", plain.Output);
        Assert.Contains("Connection refused", plain.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Beyond_MaxConnections_a_new_client_is_turned_away_and_the_device_stays_connected()
    {
        using var directory = new TempDirectory();
        var options = EmbeddedOptions(directory);
        options.Embedded.MaxConnections = 2;
        await using var service = await MqttServiceHarness.StartAsync(options);
        await service.WaitIdleAsync();

        await using var first = await MqttProbe.ConnectAsync(options.Port, "edgeclassifier/cam1/availability");
        await Assert.ThrowsAnyAsync<Exception>(() => MqttProbe.ConnectAsync(options.Port));
        Assert.Contains(service.Logs.Lines, l => l.Contains("2 clients are connected (Mqtt:Embedded:MaxConnections)"));
        Assert.True(service.Service.IsConnected);
    }

    [Fact]
    public void A_LAN_listener_without_users_stops_the_start_with_exit_code_2_and_says_how_to_add_one()
    {
        var run = Cli.CliProcess.Run(TimeSpan.FromMinutes(2), "run", "--duration", "5s", "--Camera:Source=synthetic",
            $"--Model:Path={SharedAssets.OnnxModel("mobilenet_v1_0.5_160_quant.onnx")}",
            "--Mqtt:Embedded:Listen:0=0.0.0.0", $"--Mqtt:Port={MosquittoBroker.FreePort()}");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Mqtt:Embedded:Listen includes 0.0.0.0", run.Error);
        Assert.Contains("edgeclassifier passwd /etc/edgeclassifier/users NAME", run.Error);
    }

    private static MqttOptions EmbeddedOptions(TempDirectory directory)
    {
        var options = MqttServiceHarness.OptionsFor(MosquittoBroker.FreePort(), directory);
        options.Host = "";
        return options;
    }

    private static IEnumerable<string> ListeningAddresses(int port)
    {
        var ss = Process.Start(new ProcessStartInfo("ss", $"-ltnH sport = :{port}") { RedirectStandardOutput = true })!;
        string output = ss.StandardOutput.ReadToEnd();
        ss.WaitForExit();
        // Columns: State Recv-Q Send-Q Local:Port Peer:Port
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3])
            .Select(local => local[..local.LastIndexOf(':')]);
    }
}
