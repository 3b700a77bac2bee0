using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using EdgeClassifier.Outputs.Mqtt;

namespace EdgeClassifier.Tests.Fleet;

/// <summary>Stands in for the device's model rollout behind <see cref="IModelRollout"/>: fixed versions, recorded commands.</summary>
public sealed class RecordingRollout : IModelRollout
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public string? ModelVersion { get; set; }

    public string? OfferedVersion { get; set; }

    public string? StageVersion { get; set; }

    public string? Stage { get; set; }

    /// <summary>Runs after a recorded <c>model</c> command (e.g. plays the stages of an installation).</summary>
    public Action<JsonObject?>? Offered { get; set; }

    public event Action? Changed;

    public void RaiseChanged() => Changed?.Invoke();

    public CommandResult Offer(JsonObject? arguments)
    {
        Calls.Enqueue("model " + arguments?.ToJsonString());
        Offered?.Invoke(arguments);
        return CommandResult.Success();
    }

    public CommandResult Install()
    {
        Calls.Enqueue("install");
        return CommandResult.Success();
    }

    public Task<CommandResult> RollbackAsync(CancellationToken cancellationToken)
    {
        Calls.Enqueue("rollback");
        return Task.FromResult(CommandResult.Success());
    }
}
