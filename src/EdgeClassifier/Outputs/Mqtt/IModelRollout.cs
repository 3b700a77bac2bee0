using System.Text.Json.Nodes;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// The device's side of a fleet model rollout, as MQTT sees it: the versions and stage the retained <c>info</c> topic
/// reports, and the <c>model</c>, <c>install</c> and <c>rollback</c> commands. Commands return at once; the outcome of
/// an installation is reported through <see cref="Stage"/> and <see cref="Changed"/>.
/// </summary>
public interface IModelRollout
{
    /// <summary>Version of the model in service; null while the configured <c>Model:Path</c> runs.</summary>
    string? ModelVersion { get; }

    /// <summary>The last version offered by a <c>model</c> command.</summary>
    string? OfferedVersion { get; }

    /// <summary>The version the current or last installation is about.</summary>
    string? StageVersion { get; }

    /// <summary><c>downloading</c>, <c>validating</c>, <c>active</c>, <c>rejected: …</c>, or null before any rollout.</summary>
    string? Stage { get; }

    /// <summary>Raised after any of the above changed (on a background thread).</summary>
    event Action? Changed;

    /// <summary><c>model</c>: records the offer and, unless <c>"install": false</c>, starts installing it.</summary>
    CommandResult Offer(JsonObject? arguments);

    /// <summary><c>install</c>: installs the last offer (Home Assistant's update button).</summary>
    CommandResult Install();

    /// <summary><c>rollback</c>: returns to the model in service before the last accepted rollout.</summary>
    Task<CommandResult> RollbackAsync(CancellationToken cancellationToken);
}
