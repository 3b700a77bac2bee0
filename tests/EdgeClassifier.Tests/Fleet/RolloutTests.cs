using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Inference;
using EdgeClassifier.Statistics;
using EdgeClassifier.Tests.Cli;
using EdgeClassifier.Tests.Inference;
using EdgeClassifier.Tests.Mqtt;
using Xunit.Abstractions;

namespace EdgeClassifier.Tests.Fleet;

/// <summary>
/// <c>fleet rollout</c> against real service processes on a real mosquitto, with models served over HTTP from
/// loopback. CI runs four devices (two canaries) rather than ten: the machine has two cores; <c>ROLLOUT_DEVICES=10</c>
/// runs the ten of the issue (still two canaries; docs/fleet.md), with the waits scaled to the count. The slow model is built by
/// the test (a stack of wide convolutions), so it stays clearly slower than the MobileNet
/// however busy the machine is. Every device shares one host here, so the rollout runs <c>--batch</c> 2 after the two
/// canaries, and the budget is calibrated while every device runs with two models timed at once: the load the
/// devices validate under.
/// </summary>
[Collection(nameof(TimedRunCollection))]
public sealed class RolloutTests(ITestOutputHelper output)
{
    private const string Configured = "mobilenet_v1_0.5_160_quant.onnx";
    private const string Good = "mobilenet_v1_0.25_128_quant.onnx";

    // Devices validating at the same time: the two canaries, then each batch (--batch) of the rest.
    private const int Validating = 2;

    // The devices' synthetic camera runs at 5 fps and a trial takes every other frame.
    private const int Fps = 5;
    private static readonly TimeSpan TrialFrameInterval = TimeSpan.FromSeconds(2.0 / Fps);

    // One `fleet list` stops when the broker has been quiet for 400 ms; on a busy machine it can miss some of ten devices'
    // retained topics, so the checks below poll (fleet.WaitAsync) until every device they look at is listed, and a
    // device missing from one list only means "not yet".
    [Fact]
    public async Task Canaries_reject_a_slow_model_then_a_good_one_reaches_every_device_and_survives_a_restart()
    {
        int count = DeviceCount.FromEnvironment("ROLLOUT_DEVICES");
        Assert.True(count >= 3, $"ROLLOUT_DEVICES={count}: two canaries and at least one device after them");
        double scale = DeviceCount.WaitScale(count);
        var clock = Stopwatch.StartNew();
        void Step(string what) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0} s  {what}");
        string[] canaries = ["d1", "d2"];
        string[] rest = [.. Enumerable.Range(3, count - 2).Select(i => $"d{i}")];
        using var directory = new TempDirectory();
        using var broker = MosquittoBroker.Start(directory);
        using var server = new ModelServer();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(directory.File("model-signing.pub.pem"), key.ExportSubjectPublicKeyInfoPem());
        // 16 wide convolutions: about 8.5 G multiply-adds, hundreds of times the MobileNet's work. Under load a short inference's
        // p95 grows by the scheduler's waits, not in proportion to its work, so the gap must be wide to survive a busy machine.
        string slowModel = TinyOnnxModels.HeavyClassifier(directory.Path, 160, 48, 16, new Dictionary<string, string>());
        string config = directory.File("fleet.json");
        double budget = 0;
        var fleet = new FleetCli(broker.Port, TimeSpan.FromMinutes(6 * scale));
        string labelsUrl = server.Serve("labels.txt", SharedAssets.LabelsFile);
        string labelsSha = Sha256(SharedAssets.LabelsFile);

        // The budget lives in a configuration file, so that a reload applies the calibrated one to running devices.
        string[] DeviceArgs(string id, string group) =>
        [
            "run", $"--config={config}", "--Camera:Source=synthetic", $"--Camera:Fps={Fps}", "--Runtime:Threads=1",
            $"--Model:Path={SharedAssets.OnnxModel(Configured)}", "--Model:ValidationFrames=20", "--Model:ValidationTimeoutSeconds=300",
            $"--Model:PublicKey={directory.File("model-signing.pub.pem")}",
            "--Mqtt:Host=127.0.0.1", $"--Mqtt:Port={broker.Port}", $"--Mqtt:DeviceId={id}", $"--State:Directory={directory.File(id)}",
            $"--Mqtt:Groups:0={group}", "--Mqtt:Groups:1=site-north", "--Mqtt:StatsIntervalSeconds=5",
            "--Web:Enabled=false",
        ];

        var devices = new Dictionary<string, ServiceProcess>();
        try
        {
            // Started with a budget no model misses (it also sets the stuck-inference watchdog's limit, which a
            // reload leaves as it was), then calibrated with every device running and given the budget by a reload.
            WriteBudget(config, 1000);
            foreach (var (id, group) in canaries.Select(id => (id, "canary")).Concat(rest.Select(id => (id, "lanes"))))
            {
                devices[id] = ServiceProcess.Start(directory.Path, DeviceArgs(id, group));
            }

            await fleet.WaitAsync(list => list.Count == count && list.Values.All(d => (string?)d["availability"] == "online" && d["groups"]!.AsArray().Count == 2),
                $"{count} devices online with their groups", () => Logs(devices), 120 * scale);
            budget = BudgetBetween(SharedAssets.OnnxModel(Good), SharedAssets.LabelsFile, slowModel, directory.File("colours.txt"), Validating, Step);
            WriteBudget(config, budget);
            var reload = fleet.Run("command", "all", "reload", "--timeout", $"{60 * scale:0}s");
            Assert.True(reload.ExitCode == 0, reload.Output + reload.Error + Logs(devices));
            Step($"{count} devices online, budget {budget:0.0} ms applied by reload");

            // A model slower than the budget: both canaries measure it and refuse; the rest never get it.
            var slow = Rollout("slow-1", server.Serve("slow.onnx", slowModel), Sha256(slowModel), Sign(key, slowModel));
            var slowRun = fleet.Run([.. slow, "--labels", server.Serve("colours.txt", directory.File("colours.txt")),
                "--labels-sha256", Sha256(directory.File("colours.txt")), "--canary", "canary", "--batch", $"{Validating}"]);
            Assert.True(slowRun.ExitCode == 1, slowRun.Output + slowRun.Error + Logs(devices));
            Assert.Matches(@"d1: rejected: p95 \d+ ms > [\d.]+ ms", slowRun.Error);
            Assert.Matches(@"d2: rejected: p95 \d+ ms > [\d.]+ ms", slowRun.Error);
            Assert.Contains("rollout stopped", slowRun.Error);
            var notSent = Regex.Match(slowRun.Error, "not sent to ([^\n;]+)");
            Assert.True(notSent.Success, slowRun.Error);
            Assert.Equal(rest.Order(), notSent.Groups[1].Value.Trim().Split(", ").Order());
            var afterSlow = await fleet.WaitAsync(list => list.Count == count, $"all {count} devices listed", () => Logs(devices), 60 * scale);
            Assert.All(afterSlow.Values, d => Assert.Null((string?)d["modelVersion"]));
            Assert.All(rest, id => Assert.Null(afterSlow[id]["rollout"]));
            Assert.Equal(2, server.Requests.Count(r => r.Path == "slow.onnx")); // only the canaries fetched it
            Step("slow model: " + string.Join("; ", slowRun.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));

            // A good model: canaries first, then the rest; every device runs it.
            var good = Rollout("good-1", server.Serve(Good, SharedAssets.OnnxModel(Good)), Sha256(SharedAssets.OnnxModel(Good)), Sign(key, SharedAssets.OnnxModel(Good)));
            var goodRun = fleet.Run([.. good, "--labels", labelsUrl, "--labels-sha256", labelsSha, "--canary", "canary", "--batch", $"{Validating}"]);
            Assert.True(goodRun.ExitCode == 0, goodRun.Output + goodRun.Error + Logs(devices));
            Assert.Contains($"model good-1: active on {count} of {count} device(s)", goodRun.Output);
            var afterGood = await fleet.WaitAsync(list => list.Count == count, $"all {count} devices listed", () => Logs(devices), 60 * scale);
            Assert.All(afterGood.Values, d =>
            {
                Assert.Equal("good-1", (string?)d["modelVersion"]);
                Assert.Equal(Good, (string?)d["model"]);
            });
            Step($"good model: active on {afterGood.Count} of {count}: " + string.Join("; ", goodRun.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));

            // A wrong hash and a bad signature are refused before any model is loaded.
            string badHash = new('0', 64);
            var wrongHash = fleet.Run("command", "d1", "model",
                $"{{\"url\":\"{server.Serve(Good, SharedAssets.OnnxModel(Good))}\",\"sha256\":\"{badHash}\",\"version\":\"bad-hash\"}}");
            Assert.Equal(0, wrongHash.ExitCode);
            await fleet.WaitAsync(list => ((string?)list.GetValueOrDefault("d1")?["rollout"]?["stage"])?.StartsWith("rejected: sha256 mismatch") == true, "the hash mismatch", () => Logs(devices), 120 * scale);

            using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            string forged = Convert.ToBase64String(otherKey.SignHash(SHA256.HashData(File.ReadAllBytes(SharedAssets.OnnxModel(Configured))), DSASignatureFormat.Rfc3279DerSequence));
            var badSignature = fleet.Run("command", "d1", "model",
                $"{{\"url\":\"{server.Serve("other.onnx", SharedAssets.OnnxModel(Configured))}\",\"sha256\":\"{Sha256(SharedAssets.OnnxModel(Configured))}\",\"version\":\"bad-sig\",\"signature\":\"{forged}\"}}");
            Assert.Equal(0, badSignature.ExitCode);
            await fleet.WaitAsync(list => (string?)list.GetValueOrDefault("d1")?["rollout"]?["stage"] == "rejected: bad signature (not made by the key in Model:PublicKey)", "the bad signature", () => Logs(devices), 120 * scale);
            Assert.DoesNotContain("Model bad-hash on this board", devices["d1"].Output);
            Assert.DoesNotContain("Model bad-sig on this board", devices["d1"].Output);
            Assert.Equal("good-1", (string?)(await fleet.WaitAsync(list => list.ContainsKey("d1"), "d1 listed", () => Logs(devices)))["d1"]["modelVersion"]);
            Step("wrong hash and bad signature rejected before loading; d1 still on good-1");

            // rollback returns d1 to the configured model.
            var rollback = fleet.Run("command", "d1", "rollback", "--timeout", $"{30 * scale:0}s");
            Assert.True(rollback.ExitCode == 0, rollback.Output + rollback.Error);
            Assert.Contains("\"from\":\"good-1\"", rollback.Output);
            await fleet.WaitAsync(list => list.GetValueOrDefault("d1") is { } d1 && d1["modelVersion"] is null && (string?)d1["model"] == Configured, "d1 back on the configured model", () => Logs(devices), 120 * scale);
            Step("rollback: d1 back on " + Configured);

            // A restart keeps the accepted model.
            devices["d2"].Stop();
            devices["d2"] = ServiceProcess.Start(directory.Path, DeviceArgs("d2", "canary"));
            await fleet.WaitAsync(list => (string?)list.GetValueOrDefault("d2")?["availability"] == "online" && (string?)list.GetValueOrDefault("d2")?["model"] == Good, "d2 back online", () => Logs(devices), 120 * scale);
            Assert.Equal("good-1", (string?)(await fleet.WaitAsync(list => list.ContainsKey("d2"), "d2 listed", () => Logs(devices)))["d2"]["modelVersion"]);
            Assert.Contains("running rolled-out model good-1", devices["d2"].Output);
            Step("restart: d2 back online on good-1");
        }
        finally
        {
            foreach (var device in devices.Values)
            {
                device.Dispose();
            }
        }
    }

    private static string[] Rollout(string version, string url, string sha, string signatureFile) =>
        ["rollout", "--model", url, "--sha256", sha, "--model-version", version, "--signature", signatureFile];

    /// <summary>Signs the model's SHA-256 (DER, as openssl dgst -sign writes it) into a file next to the test's files.</summary>
    private static string Sign(ECDsa key, string model)
    {
        string file = model + ".sig";
        if (model.StartsWith(SharedAssets.ModelsDirectory, StringComparison.Ordinal))
        {
            file = Path.Combine(Path.GetTempPath(), $"edgeclassifier-{Path.GetFileName(model)}-{Guid.NewGuid():N}.sig");
        }

        File.WriteAllBytes(file, key.SignHash(SHA256.HashData(File.ReadAllBytes(model)), DSASignatureFormat.Rfc3279DerSequence));
        return file;
    }

    private static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    /// <summary>
    /// A frame budget between the two models' speed on this machine right now, timed the way the devices will time
    /// them: while every device runs, <paramref name="atOnce"/> models timed at the same time, one thread each, one
    /// frame every two frame intervals (a trial takes every other frame; 5 fps). The
    /// geometric mean of the fast model's p95 and the slow one's median, so the budget sits as many times above the one
    /// as below the other; it needs the slow model at least 4 times slower (twice each way) to tell them apart at all. The
    /// gap is narrowest on a moderately busy machine: the fast model's p95 already carries the scheduler's waits while
    /// the slow one is hardly stretched yet (38 ms against 341 ms in one run; 204 ms against 6646 ms under heavy load).
    /// </summary>
    private static double BudgetBetween(string fast, string fastLabels, string slow, string slowLabels, int atOnce, Action<string> step)
    {
        double fastP95 = Percentile.OfSorted<double>(TimeAtOnce(fast, fastLabels, 20, atOnce), 0.95);
        double slowP50 = Percentile.OfSorted<double>(TimeAtOnce(slow, slowLabels, 4, atOnce), 0.50);
        double budget = Math.Sqrt(fastP95 * slowP50);
        step($"calibrated, {atOnce} at once: {Path.GetFileName(fast)} p95 {fastP95:0.0} ms, {Path.GetFileName(slow)} p50 {slowP50:0.0} ms -> budget {budget:0.0} ms");
        Assert.True(slowP50 > 4 * fastP95, $"{slow} (p50 {slowP50:0.0} ms) is not clearly slower than {fast} (p95 {fastP95:0.0} ms) here");
        return budget;
    }

    /// <summary><paramref name="runs"/> timed runs of <paramref name="model"/> on each of <paramref name="atOnce"/> threads together, sorted.</summary>
    private static double[] TimeAtOnce(string model, string labels, int runs, int atOnce)
    {
        using var loaded = new Barrier(atOnce);
        var timers = Enumerable.Range(0, atOnce).Select(_ => Task.Factory.StartNew(() => Time(model, labels, runs, loaded), TaskCreationOptions.LongRunning)).ToArray();
        Task.WaitAll(timers);
        return [.. timers.SelectMany(t => t.Result).Order()];
    }

    private static void WriteBudget(string config, double budgetMs) =>
        File.WriteAllText(config, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{{ \"Pipeline\": {{ \"BudgetMs\": {budgetMs:0.###} }} }}"));

    /// <summary>
    /// <paramref name="runs"/> timings of one classification (preprocess of a VGA frame, inference, ranking: the work a
    /// device times per frame), after two untimed runs and the other timers' loads (<paramref name="loaded"/>), started
    /// <see cref="TrialFrameInterval"/> apart at most.
    /// </summary>
    private static List<double> Time(string model, string labels, int runs, Barrier loaded)
    {
        using var classifier = ImageClassifier.Load(new ModelOptions { Path = model, Labels = labels }, new RuntimeOptions { Threads = 1 });
        var ranker = new ResultRanker(classifier.Contract.Labels, new ClassificationOptions());
        var result = ranker.CreateResult();
        byte[] frame = new byte[640 * 480 * 3];
        Random.Shared.NextBytes(frame);
        var times = new List<double>();
        for (int i = 0; i < runs + 2; i++)
        {
            if (i == 2)
            {
                loaded.SignalAndWait();
            }

            long start = Stopwatch.GetTimestamp();
            classifier.Classify(new ImageView(frame, PixelFormat.Rgb24, 640, 480), ranker, result);
            TimeSpan took = Stopwatch.GetElapsedTime(start);
            if (i >= 2)
            {
                times.Add(took.TotalMilliseconds);
                if (took < TrialFrameInterval)
                {
                    Thread.Sleep(TrialFrameInterval - took);
                }
            }
        }

        return times;
    }

    private static string Logs(Dictionary<string, ServiceProcess> devices) =>
        string.Join("\n", devices.Select(d => $"--- {d.Key}\n{string.Join("\n", d.Value.Output.Split('\n').Where(l => !l.Contains("Decision:") && !l.Contains("LogDecisionSink")).TakeLast(30))}"));
}
