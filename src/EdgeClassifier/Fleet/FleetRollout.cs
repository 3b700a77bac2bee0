using System.Text;

namespace EdgeClassifier.Fleet;

/// <summary>How a fleet rollout ended for one device.</summary>
public sealed record DeviceOutcome(string DeviceId, string Stage)
{
    /// <summary>Whether the device runs the offered version now.</summary>
    public bool Active => Stage == "active";
}

/// <summary>The result of <see cref="FleetRollout.RunAsync"/>: every device's outcome and, if it stopped early, why and before whom.</summary>
public sealed record FleetRolloutReport(IReadOnlyList<DeviceOutcome> Outcomes, string? StoppedBecause, IReadOnlyList<string> NotSent)
{
    /// <summary>True when every targeted device took the model.</summary>
    public bool Succeeded => StoppedBecause is null && Outcomes.All(o => o.Active);
}

/// <summary>
/// Rolls a model out over the broker: the canary group first, waiting for each device's <c>active</c> or
/// <c>rejected: …</c> on its retained <c>info</c> topic, then the rest in batches of <c>batchSize</c> devices —
/// stopping as soon as more than <c>maxFailures</c> devices failed, so the devices after that never get the model.
/// Batches keep the fleet from downloading and validating all at once: many devices on one host, one model server
/// or a busy broker would otherwise time (and judge) the model under a load they never see in service.
/// </summary>
public sealed class FleetRollout(FleetSession session, ModelOffer offer, TimeSpan perWaveTimeout, Action<string> progress)
{
    /// <summary>Devices that download and validate at the same time after the canaries, unless <c>--batch</c> says otherwise.</summary>
    public const int DefaultBatchSize = 5;

    /// <summary>Runs the rollout on the online devices in <paramref name="group"/> (all when null), <paramref name="batchSize"/> at a time after the canaries.</summary>
    public async Task<FleetRolloutReport> RunAsync(string? group, string? canaryGroup, int maxFailures, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        FleetDevice[] targets = session.Directory.Devices.Where(d => d.Online && (group is null || d.Groups.Contains(group))).ToArray();
        if (targets.Length == 0)
        {
            return new FleetRolloutReport([], group is null ? "no online devices" : $"no online devices in group '{group}'", []);
        }

        FleetDevice[] canaries = canaryGroup is null ? [] : targets.Where(d => d.Groups.Contains(canaryGroup)).ToArray();
        FleetDevice[] rest = targets.Except(canaries).ToArray();
        var outcomes = new List<DeviceOutcome>();
        if (canaries.Length > 0)
        {
            progress($"canary group '{canaryGroup}': {string.Join(", ", canaries.Select(d => d.DeviceId))}");
            outcomes.AddRange(await WaveAsync(canaries, cancellationToken).ConfigureAwait(false));
            int failed = outcomes.Count(o => !o.Active);
            if (failed > maxFailures)
            {
                return new FleetRolloutReport(outcomes,
                    $"{failed} canary device(s) failed, more than --max-failures {maxFailures}", rest.Select(d => d.DeviceId).ToArray());
            }
        }

        if (rest.Length > 0)
        {
            progress($"rolling out to {rest.Length} device(s), {Math.Min(batchSize, rest.Length)} at a time");
        }

        FleetDevice[][] batches = rest.Chunk(batchSize).ToArray();
        for (int i = 0; i < batches.Length; i++)
        {
            outcomes.AddRange(await WaveAsync(batches[i], cancellationToken).ConfigureAwait(false));
            int failures = outcomes.Count(o => !o.Active);
            if (failures > maxFailures)
            {
                return new FleetRolloutReport(outcomes, $"{failures} device(s) failed, more than --max-failures {maxFailures}",
                    batches.Skip(i + 1).SelectMany(b => b).Select(d => d.DeviceId).ToArray());
            }
        }

        return new FleetRolloutReport(outcomes, null, []);
    }

    private async Task<List<DeviceOutcome>> WaveAsync(FleetDevice[] devices, CancellationToken cancellationToken)
    {
        byte[] payload = Encoding.UTF8.GetBytes(offer.ToJson().ToJsonString());
        byte[] correlation = Encoding.UTF8.GetBytes($"rollout-{offer.Version}-{Guid.NewGuid():N}");
        foreach (FleetDevice device in devices)
        {
            await session.SendAsync(session.DeviceBase(device.DeviceId), "model", payload, correlation, cancellationToken).ConfigureAwait(false);
        }

        bool Answered(FleetDevice device) => session.Replies.Any(r => r.DeviceId == device.DeviceId && r.Correlation.AsSpan().SequenceEqual(correlation));

        string? Refusal(FleetDevice device)
        {
            // A command refused outright (busy, bad offer, no rollout support) never reaches a stage.
            var reply = session.Replies.LastOrDefault(r => r.DeviceId == device.DeviceId && r.Correlation.AsSpan().SequenceEqual(correlation));
            var json = reply.Payload is null ? null : FleetDirectory.ParseObject(reply.Payload);
            return json?["ok"]?.GetValue<bool>() == false ? $"refused: {json["error"]}" : null;
        }

        // Only stages after the device's reply count: its retained info may still show an earlier rollout's verdict.
        bool Finished(FleetDevice device) => Refusal(device) is not null || (Answered(device) &&
            device.RolloutVersion == offer.Version && device.RolloutStage is { } stage && (stage == "active" || stage.StartsWith("rejected", StringComparison.Ordinal)));

        await session.WaitAsync(_ => devices.All(Finished), perWaveTimeout, cancellationToken).ConfigureAwait(false);
        var outcomes = new List<DeviceOutcome>();
        foreach (FleetDevice device in devices)
        {
            string stage = Refusal(device) ?? (Finished(device) ? device.RolloutStage! : $"no verdict within {perWaveTimeout.TotalSeconds:0} s (last stage: {device.RolloutStage ?? "none"})");
            progress($"{device.DeviceId}: {stage}");
            outcomes.Add(new DeviceOutcome(device.DeviceId, stage));
        }

        return outcomes;
    }
}
