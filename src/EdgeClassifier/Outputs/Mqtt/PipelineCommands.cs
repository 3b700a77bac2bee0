using EdgeClassifier.Outputs.Collection;
using EdgeClassifier.Pipeline;
using System.Text.Json.Nodes;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// The service's commands (<c>pause</c>, <c>resume</c>, <c>snapshot</c>, <c>threshold</c>, <c>reload</c>,
/// <c>collect</c>) apart from
/// how they arrive: MQTT <c>command/&lt;name&gt;</c> messages and the web page's controls both run them here, with the
/// same arguments (<c>{"value": 0.6}</c> for threshold) and the same <see cref="CommandResult"/>.
/// </summary>
public sealed class PipelineCommands
{
    /// <summary>The commands understood, in the order error messages list them.</summary>
    public static readonly IReadOnlyList<string> Names = ["pause", "resume", "snapshot", "threshold", "reload", "collect", "model", "install", "rollback"];

    /// <summary>
    /// How command arguments are parsed wherever they arrive: a property named twice is malformed JSON
    /// (<see cref="System.Text.Json.JsonException"/>), not an <see cref="ArgumentException"/> later, when a command
    /// first reads the object.
    /// </summary>
    public static readonly System.Text.Json.JsonDocumentOptions ArgumentsJson = new() { AllowDuplicateProperties = false };

    private readonly IPipelineControl? _pipeline;
    private readonly Func<CommandResult> _snapshot;
    private readonly IModelRollout? _rollout;
    private readonly FrameCollector? _collector;

    /// <summary>Creates the commands; a <c>null</c> pipeline makes the pipeline commands reply with an error.</summary>
    /// <param name="pipeline">The running pipeline.</param>
    /// <param name="snapshot">Takes a snapshot and says what became of it.</param>
    /// <param name="rollout">Model rollout (<c>model</c>, <c>install</c>, <c>rollback</c>), or null where there is none.</param>
    /// <param name="collector">The frame collection (<c>collect</c>), or null while <c>Collect:Enabled</c> is false.</param>
    public PipelineCommands(IPipelineControl? pipeline, Func<CommandResult> snapshot, IModelRollout? rollout = null, FrameCollector? collector = null)
    {
        _pipeline = pipeline;
        _snapshot = snapshot;
        _rollout = rollout;
        _collector = collector;
    }

    /// <summary>Runs command <paramref name="name"/>; refusals come back as a failed result, never as an exception.</summary>
    public async Task<CommandResult> ExecuteAsync(string name, JsonObject? arguments, CancellationToken cancellationToken)
    {
        if (!Names.Contains(name))
        {
            return CommandResult.Fail($"unknown command '{name}'; known commands: {string.Join(", ", Names)}");
        }

        if (name == "snapshot")
        {
            return _snapshot();
        }

        if (name == "collect")
        {
            return Collect(arguments);
        }

        if (name is "model" or "install" or "rollback")
        {
            return _rollout is null ? CommandResult.Fail($"{name}: model rollout is not available on this device")
                : name == "model" ? _rollout.Offer(arguments)
                : name == "install" ? _rollout.Install()
                : await _rollout.RollbackAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_pipeline is null)
        {
            return CommandResult.Fail($"{name}: the pipeline is not running");
        }

        switch (name)
        {
            case "pause":
                _pipeline.Pause();
                return CommandResult.Success();
            case "resume":
                _pipeline.Resume();
                return CommandResult.Success();
            case "threshold":
                return SetThreshold(_pipeline, arguments);
            default:
                await _pipeline.ReloadAsync(cancellationToken).ConfigureAwait(false);
                return CommandResult.Success();
        }
    }

    /// <summary>
    /// <c>collect</c> (<c>{"frames": N}</c>, default 1): the next N classified frames go to <c>Collect:Directory</c>
    /// with reason <c>command</c>, through the collection's own slots and writer (off the frame path).
    /// </summary>
    private CommandResult Collect(JsonObject? arguments)
    {
        string usage = $"collect takes {{\"frames\": <whole number from 1 to {FrameCollector.MaxRequestedFrames}>}} or no payload";
        int frames = 1;
        foreach (var (key, value) in arguments ?? [])
        {
            if (key != "frames")
            {
                return CommandResult.Fail($"collect: unknown argument '{key}'; {usage}");
            }

            if (value is not JsonValue number || !number.TryGetValue(out frames) || frames is < 1 or > FrameCollector.MaxRequestedFrames)
            {
                return CommandResult.Fail($"collect: bad frames value {value?.ToJsonString() ?? "null"}; {usage}");
            }
        }

        if (_collector is null)
        {
            return CommandResult.Fail("collect: frame collection is off (Collect:Enabled=false)");
        }

        if (_collector.Store.Full)
        {
            return CommandResult.Fail($"collect: {_collector.Store.Directory} is full (Collect:MaxFiles or Collect:MaxMegabytes reached); " +
                                      "move or delete collected frames first");
        }

        int waiting = _collector.Request(frames);
        return CommandResult.Success(new JsonObject { ["frames"] = frames, ["waiting"] = waiting });
    }

    private static CommandResult SetThreshold(IPipelineControl pipeline, JsonObject? arguments)
    {
        if (arguments?["value"] is not JsonValue value || !value.TryGetValue(out double threshold))
        {
            return CommandResult.Fail("threshold needs {\"value\": <number in [0, 1]>}");
        }

        if (threshold is < 0 or > 1 || double.IsNaN(threshold))
        {
            return CommandResult.Fail($"threshold value must be in [0, 1], got {threshold}");
        }

        return pipeline.SetScoreThreshold((float)threshold, out string? error)
            ? CommandResult.Success(new JsonObject { ["value"] = threshold })
            : CommandResult.Fail($"threshold refused: {error}");
    }
}
