using EdgeClassifier.Pipeline;
using System.Text.Json.Nodes;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// The service's commands (<c>pause</c>, <c>resume</c>, <c>snapshot</c>, <c>threshold</c>, <c>reload</c>) apart from
/// how they arrive: MQTT <c>command/&lt;name&gt;</c> messages and the web page's controls both run them here, with the
/// same arguments (<c>{"value": 0.6}</c> for threshold) and the same <see cref="CommandResult"/>.
/// </summary>
public sealed class PipelineCommands
{
    /// <summary>The commands understood, in the order error messages list them.</summary>
    public static readonly IReadOnlyList<string> Names = ["pause", "resume", "snapshot", "threshold", "reload", "model", "install", "rollback"];

    /// <summary>
    /// How command arguments are parsed wherever they arrive: a property named twice is malformed JSON
    /// (<see cref="System.Text.Json.JsonException"/>), not an <see cref="ArgumentException"/> later, when a command
    /// first reads the object.
    /// </summary>
    public static readonly System.Text.Json.JsonDocumentOptions ArgumentsJson = new() { AllowDuplicateProperties = false };

    private readonly IPipelineControl? _pipeline;
    private readonly Func<CommandResult> _snapshot;
    private readonly IModelRollout? _rollout;

    /// <summary>Creates the commands; a <c>null</c> pipeline makes the pipeline commands reply with an error.</summary>
    /// <param name="pipeline">The running pipeline.</param>
    /// <param name="snapshot">Takes a snapshot and says what became of it.</param>
    /// <param name="rollout">Model rollout (<c>model</c>, <c>install</c>, <c>rollback</c>), or null where there is none.</param>
    public PipelineCommands(IPipelineControl? pipeline, Func<CommandResult> snapshot, IModelRollout? rollout = null)
    {
        _pipeline = pipeline;
        _snapshot = snapshot;
        _rollout = rollout;
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
