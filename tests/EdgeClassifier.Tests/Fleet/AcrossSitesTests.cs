using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeClassifier.Tests.Cli;
using EdgeClassifier.Tests.Mqtt;
using Xunit.Abstractions;

namespace EdgeClassifier.Tests.Fleet;

/// <summary>
/// Two sites' worth of brokers: real <c>edgeclassifier run</c> processes on a site mosquitto that bridges (with
/// docs/mosquitto/site-bridge.conf) to a central one, where a subscriber counts every event of every device while the
/// link is cut for 30 s. CI runs 4 devices (the machine has two cores); <c>ACROSS_SITES_DEVICES=10</c> runs the ten of
/// the note (docs/fleet.md).
/// </summary>
[Collection(nameof(TimedRunCollection))]
public sealed class AcrossSitesTests(ITestOutputHelper output)
{
    private const string Model = "mobilenet_v1_0.25_128_quant.onnx";

    // What the bridge's command connection publishes on the central broker when it connects (notifications true).
    private const string ControlLinkState = "$SYS/broker/connection/bridge-north-control/state";

    [Fact]
    public async Task Events_cross_the_bridge_through_a_30_s_cut_none_lost_and_in_order_per_device()
    {
        int count = DeviceCount.FromEnvironment("ACROSS_SITES_DEVICES");
        using var centralDirectory = new TempDirectory();
        using var siteDirectory = new TempDirectory();
        using var central = MosquittoBroker.Start(centralDirectory);
        using var site = MosquittoBroker.Start(siteDirectory, BridgeConfiguration(central.Port));

        // The central side: one subscriber with a persistent session counts every event of every device.
        var events = new ConcurrentDictionary<string, ConcurrentQueue<(string Id, long Sequence, double Seconds)>>();
        var clock = Stopwatch.StartNew();
        await using var counter = await MqttProbe.ConnectPersistentAsync(central.Port, "central-counter", "edgeclassifier/+/events");
        counter.OnReceived = m =>
        {
            var json = JsonNode.Parse(m.Text)!;
            events.GetOrAdd(m.Topic.Split('/')[1], _ => new()).Enqueue(((string)json["id"]!, (long)json["after"]!["sequence"]!, clock.Elapsed.TotalSeconds));
        };
        await using var watcher = await MqttProbe.ConnectPersistentAsync(central.Port, "central-watcher",
            "edgeclassifier/+/availability", "edgeclassifier/+/command/pause/result", ControlLinkState);

        var devices = new Dictionary<string, ServiceProcess>();
        try
        {
            for (int i = 1; i <= count; i++)
            {
                string id = $"site{i:D2}";
                devices[id] = ServiceProcess.Start(siteDirectory.Path,
                    "run", "--Camera:Source=synthetic", "--Camera:Fps=2", "--Camera:Width=320", "--Camera:Height=240", "--Runtime:Threads=1",
                    $"--Model:Path={SharedAssets.OnnxModel(Model)}", "--Decision:Mode=instant", "--Decision:EmitEveryFrame=true",
                    "--Pipeline:BudgetMs=1000", "--Mqtt:Host=127.0.0.1", $"--Mqtt:Port={site.Port}", $"--Mqtt:DeviceId={id}",
                    $"--State:Directory={siteDirectory.File(id)}", "--decisions-out", siteDirectory.File(id + ".jsonl"),
                    "--Web:Enabled=false");
            }

            // Every device online as seen from the central broker: the bridge carries the site's topics.
            await WaitAsync(() => devices.Keys.All(id => watcher.Messages.Any(m => m.Topic == $"edgeclassifier/{id}/availability" && m.Text == "online")),
                "every device online at the central broker", 180, devices, site, central);
            await WaitAsync(() => devices.Keys.All(id => events.TryGetValue(id, out var q) && q.Count >= 5), "events from every device", 60,
                devices, site, central);

            // The link is cut for 30 s (the central broker is away) while the devices keep deciding.
            central.Stop();
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: central broker stopped");
            var before = events.ToDictionary(e => e.Key, e => e.Value.Count);
            await Task.Delay(TimeSpan.FromSeconds(30));
            central.Restart();
            int seenBeforeRestart = watcher.Messages.Count;
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: central broker back; events before the cut: {before.Values.Sum()}");

            // Once the bridge is back, events flow again, and what queued on the site broker arrives.
            await WaitAsync(() => devices.Keys.All(id => events[id].Count >= before.GetValueOrDefault(id) + 40), "events decided during the cut", 120,
                devices, site, central);

            // Commands cross on the bridge's second connection, which reconnects on its own back-off: wait until it says so.
            await WaitAsync(() => watcher.Messages.Skip(seenBeforeRestart).Any(m => m.Topic == ControlLinkState && m.Text == "1"),
                "the bridge's control connection back", 120, devices, site, central);

            // A fleet command from the central side stops the decisions; every device answers once, over the bridge.
            byte[] correlation = Encoding.UTF8.GetBytes("across-sites-pause");
            await watcher.PublishAsync("edgeclassifier/_all/command/pause", "", correlation: correlation);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: pause sent");
            await WaitAsync(() => Replies(watcher, correlation).Count >= count, "every device's reply to pause", 60, devices, site, central);

            // Nothing more is decided; wait until the last events crossed, then stop the devices and compare.
            int last = -1;
            for (int i = 0; i < 60 && events.Values.Sum(q => q.Count) != last; i++)
            {
                last = events.Values.Sum(q => q.Count);
                await Task.Delay(TimeSpan.FromSeconds(3));
            }

            await Task.Delay(1000);
            Assert.Equal(devices.Keys.Order(), Replies(watcher, correlation).Order());
            foreach (var device in devices.Values)
            {
                device.Stop();
            }

            // Order on the link, for every topic, from the site broker's log: after the link came back, nothing went over
            // the reports connection ahead of a message queued before it (retained ones re-sent on connecting included).
            var overtaking = OvertakingSends(site.Log(), "bridge-north");
            Assert.True(overtaking.Count == 0,
                $"{overtaking.Count} messages went over the bridge after one queued later, e.g. {string.Join("; ", overtaking.Take(3))}");

            int decided = 0, received = 0, duplicates = 0;
            foreach (string id in devices.Keys)
            {
                var expected = ExpectedEventSequences(siteDirectory.File(id + ".jsonl"));
                var arrived = events.TryGetValue(id, out var queue) ? queue.ToList() : [];
                var seen = new HashSet<string>();
                var unique = arrived.Where(e => seen.Add(e.Id)).Select(e => e.Sequence).ToList();
                decided += expected.Count;
                received += arrived.Count;
                duplicates += arrived.Count - unique.Count;
                Assert.True(unique.SequenceEqual(expected),
                    $"{id}: decided {expected.Count} events, {unique.Count} arrived (unique); lost {string.Join(",", expected.Except(unique).Take(20))}; " +
                    $"order {string.Join(",", unique.Take(200))}; arrivals (sequence@seconds) {string.Join(" ", arrived.Take(300).Select(e => $"{e.Sequence}@{e.Seconds:F1}"))}");
            }

            output.WriteLine($"{count} devices: {decided} events decided, {received} received at the central broker, {duplicates} duplicates " +
                             "(dropped by id), 0 lost, order kept per device");
        }
        finally
        {
            foreach (var device in devices.Values)
            {
                device.Dispose();
            }
        }
    }

    /// <summary>docs/mosquitto/site-bridge.conf with the placeholders filled in for this run.</summary>
    private static string BridgeConfiguration(int centralPort) =>
        File.ReadAllText(Path.Combine(SharedAssets.RepositoryRoot, "docs", "mosquitto", "site-bridge.conf"))
            .Replace("CENTRAL_HOST:CENTRAL_PORT", $"127.0.0.1:{centralPort}", StringComparison.Ordinal)
            .Replace("SITE", "north", StringComparison.Ordinal);

    /// <summary>
    /// The bridge's first sends (not resends) of QoS 1 messages after its last reconnect that went out ahead of a message
    /// queued before them: mosquitto numbers a message for a connection when it takes it, so in-order delivery sends
    /// them by increasing message id (until the id wraps at 65535).
    /// </summary>
    private static List<string> OvertakingSends(string brokerLog, string connection)
    {
        string[] lines = brokerLog.Split('\n');
        int reconnect = Array.FindLastIndex(lines, l => l.Contains($"Received CONNACK on connection local.{connection}.", StringComparison.Ordinal));
        // Without the reconnect in the log (another log format, log_type changed) there would be nothing to check.
        Assert.True(reconnect > 0, $"the broker's log shows no CONNACK on connection {connection}");
        var send = new Regex($@"Sending PUBLISH to local\.{Regex.Escape(connection)} \(d0, q[12], r\d, m(\d+), '([^']+)'");
        var overtaking = new List<string>();
        (int Id, string Topic) latest = (0, "");
        foreach (string line in lines.Skip(reconnect + 1))
        {
            var match = send.Match(line);
            if (!match.Success)
            {
                continue;
            }

            int id = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            if (id < latest.Id && latest.Id - id < 32768)
            {
                overtaking.Add($"m{id} ({match.Groups[2].Value}) after m{latest.Id} ({latest.Topic})");
                continue;
            }

            latest = (id, match.Groups[2].Value);
        }

        return overtaking;
    }

    private static List<string> Replies(MqttProbe probe, byte[] correlation) =>
        [.. probe.Messages.Where(m => m.Topic.EndsWith("/command/pause/result", StringComparison.Ordinal) && m.CorrelationData?.SequenceEqual(correlation) == true)
            .Select(m => m.Topic.Split('/')[1])];

    /// <summary>
    /// The sequences of the events the device published, from its <c>--decisions-out</c> file: every decision is an
    /// event unless neither it nor the one before has a label.
    /// </summary>
    private static List<long> ExpectedEventSequences(string decisionsFile)
    {
        var sequences = new List<long>();
        bool previousLabelled = false;
        foreach (string line in File.ReadLines(decisionsFile))
        {
            var json = JsonNode.Parse(line)!.AsObject();
            if (!json.ContainsKey("sequence"))
            {
                continue;
            }

            bool labelled = json["label"] is not null;
            if (labelled || previousLabelled)
            {
                sequences.Add((long)json["sequence"]!);
            }

            previousLabelled = labelled;
        }

        return sequences;
    }

    private static async Task WaitAsync(Func<bool> condition, string what, double seconds, Dictionary<string, ServiceProcess> devices,
        MosquittoBroker site, MosquittoBroker central)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"Timed out waiting for {what}.\n" +
                string.Join("\n", devices.Select(d => $"--- {d.Key}\n{string.Join("\n", d.Value.Output.Split('\n').Where(l => !l.Contains("Decision")).TakeLast(15))}")) +
                $"\n--- site broker\n{Tail(site.Log())}\n--- central broker\n{Tail(central.Log())}");
            await Task.Delay(500);
        }
    }

    private static string Tail(string log) => string.Join("\n", log.Split('\n').TakeLast(30));
}
