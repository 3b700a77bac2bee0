using EdgeClassifier.Pipeline;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EdgeClassifier.Web.Health;

/// <summary>
/// <c>/readyz</c>: ready when the model is loaded and classifying (or idle by design), the camera delivers, and the
/// configured outputs are up (the MQTT broker connected, when there is one).
/// </summary>
public sealed class Readiness(PipelineStats stats) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["health"] = stats.EffectiveHealth.ToString(), ["model"] = stats.Model };
        string? problem = stats.Health switch
        {
            _ when stats.Model.Length == 0 => "no model loaded yet",
            HealthState.Starting => "starting: model warming up or camera opening",
            HealthState.NoCamera => "the camera delivers no frames",
            HealthState.Error => "the frame loop failed and is restarting",
            _ when stats.BrokerConnected is { } connected && !connected() => "the MQTT broker is not connected",
            _ => null,
        };
        return Task.FromResult(problem is null
            ? HealthCheckResult.Healthy(stats.EffectiveHealth.ToString(), data)
            : HealthCheckResult.Unhealthy(problem, data: data));
    }
}
