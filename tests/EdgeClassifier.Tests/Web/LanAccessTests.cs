using System.Text.Json.Nodes;
using EdgeClassifier.Security;
using EdgeClassifier.Tests.Mqtt;
using EdgeClassifier.Tests.Security;

namespace EdgeClassifier.Tests.Web;

/// <summary>
/// The web view seen from another host on the LAN: the real service listening on loopback and on the host end of
/// a veth pair, and curl inside a network namespace the test creates.
/// </summary>
[Collection(nameof(LiveWebCollection))]
public sealed class LanAccessTests
{
    private const string Lan = "simulates another host with a network namespace (ip netns add + veth)";
    private static readonly TimeSpan Ready = TimeSpan.FromMinutes(2);

    [RootFact(Lan)]
    public async Task With_users_strangers_get_401_viewers_get_the_page_but_403_on_controls_and_operators_command()
    {
        using var directory = new TempDirectory();
        using var lan = NetworkNamespace.Create();
        using var service = new LiveService(4, 4, [lan.HostIPv4, lan.HostIPv6], Users(directory));
        await service.WaitUntilReadyAsync(Ready);

        foreach (string address in new[] { lan.HostIPv4, lan.HostIPv6 })
        {
            string site = service.UrlOn(address);
            foreach (string path in new[] { "/", "/api/stream.mjpg", "/api/state", "/api/stats", "/api/snapshot.jpg", "/metrics" })
            {
                Assert.Equal(401, Status(lan, site + path));
                Assert.Equal(401, Status(lan, site + path, "viewer:wrong"));
            }

            Assert.Equal(401, Status(lan, site + "/api/control/pause", control: true));
            Assert.Equal(200, Status(lan, site + "/", "viewer:view-pw"));
            Assert.Equal(200, Status(lan, site + "/api/state", "viewer:view-pw"));
            Assert.Equal(403, Status(lan, site + "/api/control/pause", "viewer:view-pw", control: true));
        }

        // Nothing the viewer sent paused the service; the operator's pause (over IPv6) does, and resume undoes it.
        string stats = service.UrlOn(lan.HostIPv4) + "/api/stats";
        await WaitForHealthAsync(lan, stats, "ok");
        Assert.Equal(200, Status(lan, service.UrlOn(lan.HostIPv6) + "/api/control/pause", "operator:op-pw", control: true));
        await WaitForHealthAsync(lan, stats, "idle");
        Assert.Equal(200, Status(lan, service.UrlOn(lan.HostIPv4) + "/api/control/resume", "operator:op-pw", control: true));
        await WaitForHealthAsync(lan, stats, "ok");
    }

    [RootFact(Lan)]
    public async Task A_LAN_metrics_address_serves_metrics_and_health_to_signed_in_scrapers_only_and_every_answer_carries_the_security_headers()
    {
        using var directory = new TempDirectory();
        using var lan = NetworkNamespace.Create();
        int metricsPort = MosquittoBroker.FreePort();
        string metrics = $"http://{lan.HostIPv4}:{metricsPort}";
        using var service = new LiveService(4, 4, [lan.HostIPv4], [.. Users(directory), $"--Web:MetricsUrls={metrics}"]);
        await service.WaitUntilReadyAsync(Ready);

        Assert.Equal(401, Status(lan, metrics + "/metrics"));
        Assert.Equal(401, Status(lan, metrics + "/healthz"));
        Assert.Equal(200, Status(lan, metrics + "/healthz", "viewer:view-pw"));
        var (code, scrape) = lan.Run(TimeSpan.FromSeconds(15), "curl", "-s", "--max-time", "5", "-u", "viewer:view-pw", metrics + "/metrics");
        Assert.True(code == 0, scrape);
        Assert.Contains("edgeclassifier_frames_processed_total", scrape);
        // The metrics address is for Prometheus only: no page, API or stream there, even signed in.
        Assert.Equal(404, Status(lan, metrics + "/", "operator:op-pw"));
        Assert.Equal(404, Status(lan, metrics + "/api/stats", "operator:op-pw"));

        // A refusal and a page alike carry the headers; another site's origin gets no CORS approval.
        foreach (string? credentials in new[] { null, "viewer:view-pw" })
        {
            string headers = Headers(lan, service.UrlOn(lan.HostIPv4) + "/api/state", credentials);
            Assert.Contains("X-Frame-Options: DENY", headers, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("X-Content-Type-Options: nosniff", headers, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Content-Security-Policy: default-src 'self'", headers, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Access-Control-Allow", headers, StringComparison.OrdinalIgnoreCase);
        }
    }

    [RootFact(Lan)]
    public async Task Without_users_the_anonymous_opt_ins_open_the_page_and_metrics_to_the_LAN_but_never_the_controls()
    {
        using var lan = NetworkNamespace.Create();
        int metricsPort = MosquittoBroker.FreePort();
        string metrics = $"http://{lan.HostIPv4}:{metricsPort}";
        using var service = new LiveService(4, 4, [lan.HostIPv4],
            "--Web:AllowAnonymousViewers=true", "--Web:AllowAnonymousMetrics=true", $"--Web:MetricsUrls={metrics}");
        await service.WaitUntilReadyAsync(Ready);
        string site = service.UrlOn(lan.HostIPv4);

        Assert.Equal(200, Status(lan, site + "/"));
        Assert.Equal(200, Status(lan, site + "/api/stats"));
        Assert.Equal(403, Status(lan, site + "/api/control/pause", control: true));
        Assert.Equal(200, Status(lan, metrics + "/metrics"));
    }

    [RootFact(Lan)]
    public async Task Over_HTTPS_the_LAN_address_sends_its_intermediate_CA_and_speaks_no_plain_HTTP()
    {
        using var directory = new TempDirectory();
        using var lan = NetworkNamespace.Create();
        var certificates = TestCertificates.GenerateWithIntermediate(directory.Path, "device", lan.HostIPv4);
        using var service = new LiveService(4, 4, ["https://" + lan.HostIPv4],
            [.. Users(directory), $"--Web:CertificateFile={certificates.ServerCertFile}", $"--Web:KeyFile={certificates.ServerKeyFile}"]);
        await service.WaitUntilReadyAsync(Ready);
        string secure = service.UrlOn("https://" + lan.HostIPv4);

        // curl trusts only the root: the chain verifies only if the service sends the intermediate.
        var (code, headers) = lan.Run(TimeSpan.FromSeconds(15), "curl", "-s", "-D", "-", "-o", "/dev/null", "--max-time", "5",
            "--cacert", certificates.CaFile, "-u", "viewer:view-pw", secure + "/");
        Assert.True(code == 0, headers);
        Assert.Matches(@"^HTTP/\S+ 200", headers);
        Assert.Contains("Strict-Transport-Security: max-age=31536000", headers, StringComparison.OrdinalIgnoreCase);
        int plain = Status(lan, secure.Replace("https://", "http://", StringComparison.Ordinal) + "/", "viewer:view-pw");
        Assert.True(plain == 0, $"plain HTTP on the HTTPS address got {plain}");
    }

    [RootFact(Lan)]
    public async Task Home_Assistant_discovery_links_the_page_on_the_LAN_address_and_the_link_opens_it()
    {
        using var directory = new TempDirectory();
        using var lan = NetworkNamespace.Create();
        using var broker = MosquittoBroker.Start(directory);
        await using var probe = await MqttProbe.ConnectAsync(broker.Port, "homeassistant/device/webcam/config");
        using var service = new LiveService(4, 4, [lan.HostIPv4],
            [.. Users(directory), "--Mqtt:Enabled=true", "--Mqtt:Host=127.0.0.1", $"--Mqtt:Port={broker.Port}", "--Mqtt:DeviceId=webcam"]);
        await service.WaitUntilReadyAsync(Ready);

        // The retained discovery message the service published.
        var discovery = await probe.WaitForAsync("homeassistant/device/webcam/config");
        string? link = (string?)JsonNode.Parse(discovery.Text)!["dev"]!["cu"];

        Assert.Equal(service.UrlOn(lan.HostIPv4) + "/", link);
        Assert.Equal(200, Status(lan, link!, "viewer:view-pw"));
    }

    [Fact]
    public void A_LAN_address_without_users_stops_the_start_with_exit_code_2_before_anything_listens()
    {
        int port = MosquittoBroker.FreePort();
        var run = Cli.CliProcess.Run(TimeSpan.FromMinutes(2), "run", "--duration", "5s", "--Camera:Source=synthetic",
            $"--Model:Path={SharedAssets.OnnxModel(LiveService.Model)}", $"--Web:Urls=http://0.0.0.0:{port}");

        Assert.Equal(2, run.ExitCode);
        string line = Assert.Single(run.Error.Split('\n'), l => l.StartsWith("edgeclassifier: ", StringComparison.Ordinal));
        Assert.Contains($"Web:Urls: http://0.0.0.0:{port} is reachable from the network but no users are configured", line);
        Assert.Contains("edgeclassifier passwd /etc/edgeclassifier/users NAME", line);
        // Refused before the model, the camera, the broker or the web server opened: none of them logged a line.
        Assert.DoesNotContain("listening", run.Output + run.Error);
        Assert.Equal("", run.Output);
    }

    /// <summary>A password file with a viewer and an operator, as settings for the service.</summary>
    internal static string[] Users(TempDirectory directory)
    {
        string users = directory.File("users");
        PasswordFile.SetPassword(users, "viewer", "view-pw");
        PasswordFile.SetPassword(users, "operator", "op-pw");
        return [$"--Users:PasswordFile={users}", "--Users:Operators:0=operator"];
    }

    /// <summary>The HTTP status curl gets inside the namespace (a stream that keeps flowing counts by its header).</summary>
    private static int Status(NetworkNamespace lan, string url, string? credentials = null, bool control = false)
    {
        var command = new List<string> { "curl", "-g", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5" };
        if (credentials is not null)
        {
            command.AddRange(["-u", credentials]);
        }

        if (control)
        {
            command.AddRange(["-X", "POST", "-H", "X-EdgeClassifier-Control: 1"]);
        }

        command.Add(url);
        var (_, output) = lan.Run(TimeSpan.FromSeconds(15), [.. command]);
        return int.TryParse(output.Trim(), out int status) ? status : throw new InvalidOperationException($"curl {url}: {output}");
    }

    /// <summary>The response headers curl gets inside the namespace, asked from another site's page (an Origin header).</summary>
    private static string Headers(NetworkNamespace lan, string url, string? credentials)
    {
        var command = new List<string> { "curl", "-g", "-s", "-D", "-", "-o", "/dev/null", "--max-time", "5", "-H", "Origin: http://other.example" };
        if (credentials is not null)
        {
            command.AddRange(["-u", credentials]);
        }

        command.Add(url);
        return lan.Run(TimeSpan.FromSeconds(15), [.. command]).Output;
    }

    /// <summary>Waits (bounded) until the stats document a viewer reads shows <paramref name="health"/> (idle = paused).</summary>
    private static async Task WaitForHealthAsync(NetworkNamespace lan, string statsUrl, string health)
    {
        string last = "";
        for (int attempt = 0; attempt < 40; attempt++)
        {
            var (_, output) = lan.Run(TimeSpan.FromSeconds(15), "curl", "-g", "-s", "--max-time", "5", "-u", "viewer:view-pw", statsUrl);
            last = output;
            if (output.StartsWith('{') && (string?)JsonNode.Parse(output)!["health"] == health)
            {
                return;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"health never became '{health}'; last stats: {last}");
    }
}
