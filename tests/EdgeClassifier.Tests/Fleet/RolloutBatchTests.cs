using System.Text.Json.Nodes;
using EdgeClassifier.Tests.Mqtt;

namespace EdgeClassifier.Tests.Fleet;

/// <summary>
/// <c>fleet rollout --batch</c> on a real mosquitto against devices whose installation is played by the test: each
/// device "validates" for a while after the offer, so the test sees how many the rollout keeps busy at once and
/// where it stops.
/// </summary>
[Collection(MqttCollection.Name)]
public sealed class RolloutBatchTests
{
    private static readonly TimeSpan Validating = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task After_the_canaries_devices_validate_a_batch_at_a_time()
    {
        await using var fleet = await PlayedFleet.StartAsync(rejecting: []);
        var run = fleet.Cli.Run("rollout", "--model", "http://127.0.0.1:9/m.onnx", "--sha256", new string('a', 64), "--model-version", "v2",
            "--canary", "canary", "--batch", "2");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("rolling out to 4 device(s), 2 at a time", run.Output);
        Assert.Contains("model v2: active on 5 of 5 device(s)", run.Output);
        Assert.Equal(2, fleet.MostValidatingAtOnce); // the canary wave had 1, each batch 2
        Assert.Equal(["c1", "d1 d2", "d3 d4"], fleet.Waves());
    }

    [Fact]
    public async Task A_failure_in_a_batch_stops_the_rollout_before_the_next_batch()
    {
        await using var fleet = await PlayedFleet.StartAsync(rejecting: ["d2"]);
        var run = fleet.Cli.Run("rollout", "--model", "http://127.0.0.1:9/m.onnx", "--sha256", new string('a', 64), "--model-version", "v2",
            "--canary", "canary", "--batch", "2");

        Assert.True(run.ExitCode == 1, run.Output + run.Error);
        Assert.Contains("d2: rejected: p95 50 ms > 33 ms", run.Error);
        Assert.Contains("rollout stopped: 1 device(s) failed, more than --max-failures 0; not sent to d3, d4", run.Error);
        Assert.Equal(["c1", "d1 d2"], fleet.Waves());
    }

    /// <summary>
    /// One canary (c1) and four devices (d1–d4), each the real MQTT output with a <see cref="RecordingRollout"/> that,
    /// offered a model, reports <c>validating</c>, waits <see cref="Validating"/>, then <c>active</c> (or, for the
    /// devices in <c>rejecting</c>, <c>rejected</c>).
    /// </summary>
    private sealed class PlayedFleet : IAsyncDisposable
    {
        private readonly TempDirectory _directory = new();
        private readonly List<MqttServiceHarness> _devices = [];
        private readonly List<(string Device, DateTime Offered, DateTime Done)> _installations = [];
        private readonly Lock _lock = new();
        private MosquittoBroker _broker = null!;
        private int _validating;

        public FleetCli Cli { get; private set; } = null!;

        public int MostValidatingAtOnce { get; private set; }

        public static async Task<PlayedFleet> StartAsync(string[] rejecting)
        {
            var fleet = new PlayedFleet();
            fleet._broker = MosquittoBroker.Start(fleet._directory);
            fleet.Cli = new FleetCli(fleet._broker.Port, TimeSpan.FromMinutes(3));
            foreach (string id in new[] { "c1", "d1", "d2", "d3", "d4" })
            {
                var options = MqttServiceHarness.OptionsFor(fleet._broker.Port, fleet._directory, id);
                options.OutboxPath = fleet._directory.File($"{id}.db");
                options.Groups = id == "c1" ? ["canary"] : ["lanes"];
                var rollout = new RecordingRollout();
                rollout.Offered = offer => fleet.Play(id, rollout, (string)offer!["version"]!, rejecting.Contains(id));
                var device = await MqttServiceHarness.StartAsync(options, rollout: rollout);
                fleet._devices.Add(device);
                await device.WaitIdleAsync(60);
            }

            // Every device's retained info must be on the broker before a rollout looks for the devices.
            await fleet.Cli.WaitAsync(list => list.Count == 5 && list.Values.All(d => (string?)d["availability"] == "online"), "5 devices online");
            return fleet;
        }

        /// <summary>The devices offered the model together, wave by wave (a wave starts after every earlier one finished).</summary>
        public string[] Waves()
        {
            lock (_lock)
            {
                var waves = new List<List<(string Device, DateTime Offered, DateTime Done)>>();
                foreach (var installation in _installations.OrderBy(i => i.Offered))
                {
                    if (waves.Count == 0 || waves[^1].Any(i => i.Done <= installation.Offered))
                    {
                        waves.Add([]);
                    }

                    waves[^1].Add(installation);
                }

                return [.. waves.Select(w => string.Join(" ", w.Select(i => i.Device).Order()))];
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var device in _devices)
            {
                await device.DisposeAsync();
            }

            _broker.Dispose();
            _directory.Dispose();
        }

        private void Play(string id, RecordingRollout rollout, string version, bool reject)
        {
            var offered = DateTime.UtcNow;
            lock (_lock)
            {
                MostValidatingAtOnce = Math.Max(MostValidatingAtOnce, ++_validating);
            }

            (rollout.StageVersion, rollout.Stage) = (version, "validating");
            rollout.RaiseChanged();
            _ = Task.Run(async () =>
            {
                await Task.Delay(Validating);
                lock (_lock)
                {
                    _validating--;
                    _installations.Add((id, offered, DateTime.UtcNow));
                }

                if (!reject)
                {
                    rollout.ModelVersion = version;
                }

                rollout.Stage = reject ? "rejected: p95 50 ms > 33 ms" : "active";
                rollout.RaiseChanged();
            });
        }
    }
}
