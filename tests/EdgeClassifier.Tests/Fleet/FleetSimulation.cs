using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeClassifier.Tests.Mqtt;

namespace EdgeClassifier.Tests.Fleet;

/// <summary>What a fleet simulation runs: how many devices, how fast they decide, how long the broker is away.</summary>
public sealed record FleetSimulationOptions
{
    public int Devices { get; init; } = 100;

    /// <summary>Decisions (each one an event) per device per second while events flow.</summary>
    public double DecisionsPerSecond { get; init; } = 1;

    public double OutageSeconds { get; init; } = 30;

    /// <summary><c>Mqtt:DiscoveryJitterSeconds</c> of every device (the product's default is 10).</summary>
    public double JitterSeconds { get; init; } = 10;

    /// <summary><c>Mqtt:ReconnectMaxSeconds</c> of every device: the back-off bound (the product's default is 60).</summary>
    public double ReconnectMaxSeconds { get; init; } = 10;

    /// <summary>Every how many devices one is in the <c>canary</c> group.</summary>
    public int CanaryEvery { get; init; } = 10;

    /// <summary>From the environment (<c>FLEET_SIM_DEVICES</c>, <c>FLEET_SIM_RATE</c>, <c>FLEET_SIM_RECONNECT_MAX</c>), else the CI values.</summary>
    public static FleetSimulationOptions FromEnvironment()
    {
        var options = new FleetSimulationOptions();
        if (Environment.GetEnvironmentVariable("FLEET_SIM_DEVICES") is { Length: > 0 } devices)
        {
            options = options with { Devices = int.Parse(devices, CultureInfo.InvariantCulture) };
        }

        if (Environment.GetEnvironmentVariable("FLEET_SIM_RATE") is { Length: > 0 } rate)
        {
            options = options with { DecisionsPerSecond = double.Parse(rate, CultureInfo.InvariantCulture) };
        }

        if (Environment.GetEnvironmentVariable("FLEET_SIM_RECONNECT_MAX") is { Length: > 0 } reconnect)
        {
            options = options with { ReconnectMaxSeconds = double.Parse(reconnect, CultureInfo.InvariantCulture) };
        }

        return options;
    }
}

/// <summary>The figures a fleet simulation measured, and the per-device results the test checks.</summary>
public sealed class FleetSimulationReport
{
    public required FleetSimulationOptions Options { get; init; }

    public double StartSeconds { get; set; }

    public double ManagedBytesPerDevice { get; set; }

    public double RssBytesPerDevice { get; set; }

    /// <summary>Seconds after the birth message at which each device's (live) discovery document arrived.</summary>
    public List<double> DiscoveryArrivals { get; } = [];

    public int DiscoveryPeakPerSecond { get; set; }

    /// <summary>Seconds from the broker accepting connections again to each device being connected; missing = never.</summary>
    public Dictionary<string, double> ReconnectSeconds { get; } = [];

    /// <summary>
    /// Seconds from the broker accepting connections again to each device's CONNACK (its "MQTT connected" log line):
    /// the back-off's part of the reconnect; the rest is setting up the session (online, subscriptions).
    /// </summary>
    public Dictionary<string, double> ConnackSeconds { get; } = [];

    /// <summary>While the devices reconnect: how late a 50 ms timer of this process fired at worst, in seconds.</summary>
    public double TimerLatenessSeconds { get; set; }

    /// <summary>While the devices reconnect: the longest queue of work items waiting for a thread-pool thread.</summary>
    public long ThreadPoolQueuePeak { get; set; }

    public int EventsSent { get; set; }

    public int EventsReceived { get; set; }

    public int Duplicates { get; set; }

    public int Lost { get; set; }

    /// <summary>Per device, problems with its events after de-duplication by id: lost, out of order.</summary>
    public List<string> EventProblems { get; } = [];

    public double DrainSeconds { get; set; }

    public int PeakEventsPerSecond { get; set; }

    public double SteadyPublishesInPerSecond { get; set; }

    public double SteadyPublishesOutPerSecond { get; set; }

    public double PeakPublishesInPerSecond { get; set; }

    public double PeakPublishesOutPerSecond { get; set; }

    public List<string> GroupMembers { get; } = [];

    public List<string> GroupRepliers { get; } = [];

    public double GroupReplySeconds { get; set; }

    public List<string> PausedDevices { get; } = [];

    public string ToMarkdown()
    {
        var o = Options;
        var reconnects = ReconnectSeconds.Values.Order().ToList();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Fleet simulation: {o.Devices} virtual devices (the real MQTT output each), mosquitto on loopback, " +
                                                      $"{Environment.ProcessorCount} cores");
        text.AppendLine();
        text.AppendLine("| figure | value |");
        text.AppendLine("| --- | --- |");
        Row(text, "start (all connected, outboxes empty)", $"{StartSeconds:0.0} s");
        Row(text, "memory per device (managed heap / RSS)", $"{ManagedBytesPerDevice / 1024:0} KiB / {RssBytesPerDevice / 1024:0} KiB");
        Row(text, $"discovery after Home Assistant's birth (jitter {o.JitterSeconds:0} s)",
            $"{DiscoveryArrivals.Count}/{o.Devices} documents, first {Min(DiscoveryArrivals):0.0} s, last {Max(DiscoveryArrivals):0.0} s, " +
            $"peak {DiscoveryPeakPerSecond}/s (uniform would be {o.Devices / Math.Max(1, o.JitterSeconds):0}/s)");
        Row(text, $"reconnect after a {o.OutageSeconds:0} s outage (back-off 1..{o.ReconnectMaxSeconds:0} s)",
            $"{reconnects.Count}/{o.Devices} devices; p50 {Percentile(reconnects, 0.5):0.0} s, p90 {Percentile(reconnects, 0.9):0.0} s, " +
            $"p99 {Percentile(reconnects, 0.99):0.0} s, max {Max(reconnects):0.0} s");
        Row(text, "reconnect histogram (s after the broker is back: devices)", Histogram(reconnects));
        var connacks = ConnackSeconds.Values.Order().ToList();
        var setUps = ReconnectSeconds.Where(r => ConnackSeconds.ContainsKey(r.Key)).Select(r => r.Value - ConnackSeconds[r.Key]).Order().ToList();
        Row(text, "of which: CONNACK after the broker is back (back-off wait and connect)",
            $"p50 {Percentile(connacks, 0.5):0.0} s, p99 {Percentile(connacks, 0.99):0.0} s, max {Max(connacks):0.0} s");
        Row(text, "of which: session set-up after CONNACK (online, subscriptions)",
            $"p50 {Percentile(setUps, 0.5):0.0} s, p99 {Percentile(setUps, 0.99):0.0} s, max {Max(setUps):0.0} s");
        Row(text, "this process while the devices reconnect", $"a 50 ms timer up to {TimerLatenessSeconds:0.0} s late, " +
                                                             $"up to {ThreadPoolQueuePeak} work items waiting for a thread-pool thread");
        Row(text, $"events ({o.DecisionsPerSecond:0.##}/s per device, through the outage)",
            $"{EventsSent} sent, {EventsReceived} received, {Lost} lost, {Duplicates} duplicates (dropped by id), " +
            $"{EventProblems.Count} devices with lost or reordered events");
        Row(text, "outbox drain after the broker is back", $"{DrainSeconds:0.0} s");
        Row(text, "events at the subscriber, peak second (the outboxes draining)", $"{PeakEventsPerSecond}/s");
        Row(text, "broker MQTT packets, steady with events flowing (in / out, $SYS/broker/messages/*)",
            $"{SteadyPublishesInPerSecond:0}/s / {SteadyPublishesOutPerSecond:0}/s");
        Row(text, "broker MQTT packets, peak second after the outage (in / out)", $"{PeakPublishesInPerSecond:0}/s / {PeakPublishesOutPerSecond:0}/s");
        Row(text, "group command (canary)", $"{GroupMembers.Count} members, {GroupRepliers.Count} replied in {GroupReplySeconds:0.0} s, " +
                                            $"{PausedDevices.Count} devices paused");
        return text.ToString();
    }

    private static void Row(StringBuilder text, string name, string value) => text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value} |");

    private static double Min(List<double> values) => values.Count == 0 ? double.NaN : values.Min();

    private static double Max(List<double> values) => values.Count == 0 ? double.NaN : values.Max();

    /// <summary>Nearest rank, as everywhere in the product.</summary>
    public static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Histogram(List<double> values) =>
        string.Join(", ", values.GroupBy(v => (int)Math.Floor(v)).OrderBy(g => g.Key).Select(g => $"{g.Key}–{g.Key + 1}: {g.Count()}"));
}

/// <summary>
/// Runs <see cref="FleetSimulationOptions.Devices"/> <see cref="VirtualDevice"/>s in this process against one real
/// mosquitto and measures what a fleet does to a broker: Home Assistant's birth message, a broker outage while events
/// flow, a group command. Every wait is bounded; the caller asserts on the report.
/// </summary>
public sealed partial class FleetSimulation
{
    private readonly FleetSimulationOptions _options;
    private readonly Action<string> _log;

    private readonly ListLoggerProvider _logs;
    private readonly ConcurrentDictionary<string, long> _connacks = new();
    private bool _brokerDown;

    public FleetSimulation(FleetSimulationOptions options, Action<string> log)
    {
        _options = options;
        _log = log;
        _logs = new ListLoggerProvider { Observe = TimeConnack };
    }

    public IReadOnlyList<string> DeviceLog => _logs.Lines;

    public async Task<FleetSimulationReport> RunAsync()
    {
        var report = new FleetSimulationReport { Options = _options };
        int n = _options.Devices;
        using var directory = new TempDirectory();
        using var broker = MosquittoBroker.Start(directory,
            "sys_interval 1\nmax_queued_messages 1000000\nmax_inflight_messages 100\nlog_type error\nlog_type warning");
        await using var sys = await MqttProbe.ConnectPersistentAsync(broker.Port, "fleet-sim-sys", "$SYS/broker/messages/+");
        var rates = new ConcurrentQueue<(double Time, string Topic, long Value)>();
        var clock = Stopwatch.StartNew();
        sys.OnReceived = m =>
        {
            if (long.TryParse(m.Text, CultureInfo.InvariantCulture, out long value))
            {
                rates.Enqueue((clock.Elapsed.TotalSeconds, m.Topic, value));
            }
        };

        // Events by device, recorded as they arrive (a persistent session: QoS 2 to this subscriber, kept across the outage).
        var events = new ConcurrentDictionary<string, ConcurrentQueue<(string Id, long Sequence)>>();
        var arrivals = new ConcurrentQueue<double>();
        await using var subscriber = await MqttProbe.ConnectPersistentAsync(broker.Port, "fleet-sim-events", "edgeclassifier/+/events");
        subscriber.OnReceived = m =>
        {
            var json = JsonNode.Parse(m.Text)!;
            events.GetOrAdd(m.Topic.Split('/')[1], _ => new()).Enqueue(((string)json["id"]!, (long)json["after"]!["sequence"]!));
            arrivals.Enqueue(clock.Elapsed.TotalSeconds);
        };

        var settings = new Dictionary<string, string?>
        {
            ["Mqtt:DiscoveryJitterSeconds"] = _options.JitterSeconds.ToString(CultureInfo.InvariantCulture),
            ["Mqtt:ReconnectMinSeconds"] = "1",
            ["Mqtt:ReconnectMaxSeconds"] = _options.ReconnectMaxSeconds.ToString(CultureInfo.InvariantCulture),
        };
        var devices = new List<VirtualDevice>();
        try
        {
            var (managedBefore, rssBefore) = Memory();
            var started = Stopwatch.StartNew();
            for (int first = 0; first < n; first += 50)
            {
                var batch = Enumerable.Range(first, Math.Min(50, n - first)).Select(i =>
                {
                    string id = $"sim{i:D4}";
                    string state = Path.Combine(directory.Path, id);
                    Directory.CreateDirectory(state);
                    string[] groups = i % _options.CanaryEvery == 0 ? [$"rack{i % 7}", "canary"] : [$"rack{i % 7}"];
                    return VirtualDevice.StartAsync(id, broker.Port, state, groups, _logs, settings);
                });
                devices.AddRange(await Task.WhenAll(batch));
            }

            await WaitAsync(() => devices.All(d => d.Service.IsConnected && d.Service.OutboxPending == 0), "every device connected and idle",
                60 + n / 5.0);
            report.StartSeconds = started.Elapsed.TotalSeconds;
            var (managedAfter, rssAfter) = Memory();
            report.ManagedBytesPerDevice = (managedAfter - managedBefore) / (double)n;
            report.RssBytesPerDevice = (rssAfter - rssBefore) / (double)n;
            _log($"{n} devices up in {report.StartSeconds:0.0} s");

            await BirthAsync(broker.Port, devices, report);
            _log($"discovery: {report.DiscoveryArrivals.Count} documents, peak {report.DiscoveryPeakPerSecond}/s");
            await OutageAsync(broker, devices, events, rates, clock, report);
            report.PeakEventsPerSecond = arrivals.GroupBy(t => (int)Math.Floor(t)).Select(g => g.Count()).DefaultIfEmpty().Max();
            _log($"outage: {report.ReconnectSeconds.Count} reconnected, {report.EventsReceived}/{report.EventsSent} events");
            await GroupCommandAsync(broker.Port, devices, report);
            return report;
        }
        finally
        {
            await Task.WhenAll(devices.Select(d => d.DisposeAsync().AsTask()));
        }
    }

    private async Task BirthAsync(int port, List<VirtualDevice> devices, FleetSimulationReport report)
    {
        var arrivals = new ConcurrentDictionary<string, double>();
        var clock = new Stopwatch();
        await using var homeAssistant = await MqttProbe.ConnectAsync(port, "homeassistant/device/+/config");
        homeAssistant.OnReceived = m =>
        {
            // Retained copies are what the broker kept; only live ones answer the birth message.
            if (!m.Retain && clock.IsRunning)
            {
                arrivals.TryAdd(m.Topic.Split('/')[2], clock.Elapsed.TotalSeconds);
            }
        };
        await homeAssistant.WaitForCountAsync($"homeassistant/device/{devices[^1].Id}/config", 1);
        clock.Start();
        await homeAssistant.PublishAsync("homeassistant/status", "online");
        await WaitAsync(() => arrivals.Count >= devices.Count, "every device's discovery after the birth message",
            _options.JitterSeconds + 20, fail: false);
        report.DiscoveryArrivals.AddRange(arrivals.Values.Order());
        report.DiscoveryPeakPerSecond = arrivals.Values.GroupBy(t => (int)Math.Floor(t)).Select(g => g.Count()).DefaultIfEmpty().Max();
    }

    private async Task OutageAsync(MosquittoBroker broker, List<VirtualDevice> devices,
        ConcurrentDictionary<string, ConcurrentQueue<(string Id, long Sequence)>> events,
        ConcurrentQueue<(double Time, string Topic, long Value)> rates, Stopwatch clock, FleetSimulationReport report)
    {
        using var stopEvents = new CancellationTokenSource();
        var generator = Task.Run(() => GenerateAsync(devices, stopEvents.Token));
        double steadyFrom = clock.Elapsed.TotalSeconds + 2;
        await Task.Delay(TimeSpan.FromSeconds(8));
        double steadyTo = clock.Elapsed.TotalSeconds;
        _brokerDown = true;
        broker.Stop();
        _log("broker stopped");
        await WaitAsync(() => devices.All(d => !d.Service.IsConnected), "every device noticing the outage", 30, fail: false);
        await Task.Delay(TimeSpan.FromSeconds(_options.OutageSeconds));
        broker.Restart();
        var back = Stopwatch.StartNew();
        long backAt = Stopwatch.GetTimestamp();
        double restartedAt = clock.Elapsed.TotalSeconds;
        _log("broker restarted");
        var pending = devices.ToList();
        while (pending.Count > 0 && back.Elapsed.TotalSeconds < _options.ReconnectMaxSeconds + 60)
        {
            foreach (var device in pending.Where(d => d.Service.IsConnected).ToList())
            {
                report.ReconnectSeconds[device.Id] = back.Elapsed.TotalSeconds;
                pending.Remove(device);
            }

            // The devices' back-off timers run on the same thread pool as this one: its lateness is theirs.
            report.ThreadPoolQueuePeak = Math.Max(report.ThreadPoolQueuePeak, ThreadPool.PendingWorkItemCount);
            long before = Stopwatch.GetTimestamp();
            await Task.Delay(50);
            report.TimerLatenessSeconds = Math.Max(report.TimerLatenessSeconds, Stopwatch.GetElapsedTime(before).TotalSeconds - 0.05);
        }

        _brokerDown = false;
        foreach (var (id, at) in _connacks)
        {
            // A device can get its CONNACK while Restart is still confirming the broker listens: count that as 0 s.
            report.ConnackSeconds[id] = Math.Max(0, Stopwatch.GetElapsedTime(backAt, at).TotalSeconds);
        }

        // Events keep flowing for a few seconds with the fleet back, then stop; everything queued must arrive.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stopEvents.CancelAsync();
        await generator;
        await WaitAsync(() => devices.All(d => d.Service.OutboxPending == 0) &&
                              devices.All(d => events.TryGetValue(d.Id, out var q) && q.Select(e => e.Sequence).Distinct().Count() >= d.Sequence),
            "every event at the subscriber", 60 + devices.Count / 5.0, fail: false);
        report.DrainSeconds = back.Elapsed.TotalSeconds;
        await Task.Delay(1000); // a duplicate would arrive right behind
        double drainedAt = clock.Elapsed.TotalSeconds;

        foreach (var device in devices)
        {
            var received = events.TryGetValue(device.Id, out var queue) ? queue.ToList() : [];
            var unique = new List<long>();
            var seen = new HashSet<string>();
            foreach (var (id, sequence) in received)
            {
                if (seen.Add(id))
                {
                    unique.Add(sequence);
                }
                else
                {
                    report.Duplicates++;
                }
            }

            report.EventsSent += (int)device.Sequence;
            report.EventsReceived += received.Count;
            var expected = Enumerable.Range(1, (int)device.Sequence).Select(i => (long)i).ToList();
            if (!unique.SequenceEqual(expected))
            {
                int lost = expected.Except(unique).Count();
                report.Lost += lost;
                report.EventProblems.Add($"{device.Id}: {lost} lost, received {string.Join(",", unique)}");
            }
        }

        var samples = rates.ToList();
        (report.SteadyPublishesInPerSecond, report.PeakPublishesInPerSecond) = Rates(samples, "$SYS/broker/messages/received",
            steadyFrom, steadyTo, restartedAt, drainedAt);
        (report.SteadyPublishesOutPerSecond, report.PeakPublishesOutPerSecond) = Rates(samples, "$SYS/broker/messages/sent",
            steadyFrom, steadyTo, restartedAt, drainedAt);
    }

    /// <summary>Each device decides at its own phase so the fleet's events are spread over each period.</summary>
    private async Task GenerateAsync(List<VirtualDevice> devices, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        double period = 1 / _options.DecisionsPerSecond;
        var next = devices.Select((_, i) => period * i / devices.Count).ToArray();
        while (!cancellationToken.IsCancellationRequested)
        {
            double now = clock.Elapsed.TotalSeconds;
            for (int i = 0; i < devices.Count; i++)
            {
                if (now >= next[i])
                {
                    devices[i].Decide();
                    next[i] += period;
                }
            }

            try
            {
                await Task.Delay(20, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static (double Steady, double Peak) Rates(List<(double Time, string Topic, long Value)> samples, string topic,
        double steadyFrom, double steadyTo, double restartedAt, double drainedAt)
    {
        var series = samples.Where(s => s.Topic == topic).ToList();
        var steady = series.Where(s => s.Time >= steadyFrom && s.Time <= steadyTo).ToList();
        double steadyRate = steady.Count >= 2 ? (steady[^1].Value - steady[0].Value) / (steady[^1].Time - steady[0].Time) : double.NaN;
        var after = series.Where(s => s.Time >= restartedAt && s.Time <= drainedAt).ToList();
        double peak = 0;
        for (int i = 1; i < after.Count; i++)
        {
            double dt = after[i].Time - after[i - 1].Time;
            long delta = after[i].Value - after[i - 1].Value;
            if (dt > 0.5 && delta >= 0)
            {
                peak = Math.Max(peak, delta / dt);
            }
        }

        return (steadyRate, peak);
    }

    private async Task GroupCommandAsync(int port, List<VirtualDevice> devices, FleetSimulationReport report)
    {
        await using var sender = await MqttProbe.ConnectAsync(port, "edgeclassifier/+/command/pause/result");
        byte[] correlation = Encoding.UTF8.GetBytes("fleet-sim-canary");
        var members = devices.Where(d => d.Groups.Contains("canary")).Select(d => d.Id).ToHashSet();
        report.GroupMembers.AddRange(members.Order());
        var clock = Stopwatch.StartNew();
        await sender.PublishAsync("edgeclassifier/_group/canary/command/pause", "", correlation: correlation);
        List<string> Repliers() => sender.Messages.Where(m => m.CorrelationData?.SequenceEqual(correlation) == true)
            .Select(m => m.Topic.Split('/')[1]).ToList();
        await WaitAsync(() => Repliers().Count >= members.Count, "every canary's reply", 30, fail: false);
        report.GroupReplySeconds = clock.Elapsed.TotalSeconds;
        await Task.Delay(2000); // a device outside the group would answer within this too
        report.GroupRepliers.AddRange(Repliers().Order());
        report.PausedDevices.AddRange(devices.Where(d => d.Control.Paused).Select(d => d.Id).Order());
    }

    private static (long Managed, long Rss) Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }

    /// <summary>
    /// Notes when each device first logs "MQTT connected" after the broker went down. Recording starts at the stop,
    /// not at the restart, so a device that connects while Restart is still waiting for the broker is not missed.
    /// </summary>
    private void TimeConnack(string line)
    {
        if (_brokerDown && ConnectedAs().Match(line) is { Success: true } match)
        {
            _connacks.TryAdd(match.Groups[1].Value, Stopwatch.GetTimestamp());
        }
    }

    [GeneratedRegex(@"MQTT connected to \S+ as edgeclassifier-(\S+) ")]
    private static partial Regex ConnectedAs();

    private async Task WaitAsync(Func<bool> condition, string what, double seconds, bool fail = true)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed.TotalSeconds > seconds)
            {
                _log($"timed out after {seconds:0} s waiting for {what}");
                if (fail)
                {
                    throw new TimeoutException($"Timed out waiting for {what}.\n{string.Join("\n", _logs.Lines.TakeLast(50))}");
                }

                return;
            }

            await Task.Delay(100);
        }
    }
}
