using EdgeClassifier.Outputs.Mqtt.Broker;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>Rejects an <see cref="MqttOptions"/> a broker or Home Assistant would choke on, naming the key at fault.</summary>
public sealed class MqttOptionsValidator : IValidateOptions<MqttOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MqttOptions options)
    {
        var errors = Check(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem with <paramref name="options"/>, one message each; empty when they are usable.</summary>
    public static IEnumerable<string> Check(MqttOptions options)
    {
        if (!options.Enabled)
        {
            yield break;
        }

        if (options.Port is < 0 or > 65535)
        {
            yield return $"Mqtt:Port must be 0 (default) or 1..65535, got {options.Port}.";
        }

        if (DeviceIds.Problem(options.DeviceId) is { } idProblem)
        {
            yield return $"Mqtt:DeviceId {idProblem}.";
        }

        foreach (var (key, value) in new[]
                 {
                     ("Mqtt:TopicPrefix", options.TopicPrefix),
                     ("Mqtt:DiscoveryPrefix", options.DiscoveryPrefix),
                 })
        {
            if (TopicLevelProblem(value) is { } problem)
            {
                yield return $"{key} {problem}, got '{value}'.";
            }
        }

        if (options.Host.Length == 0)
        {
            foreach (string problem in EmbeddedBrokerOptionsValidator.Check(options))
            {
                yield return problem;
            }
        }

        if (options.TlsInsecure && options.CaFile.Length > 0)
        {
            yield return "Mqtt:TlsInsecure and Mqtt:CaFile contradict each other: TlsInsecure would accept any certificate " +
                         "and ignore the CA file. Remove Mqtt:TlsInsecure.";
        }

        if (options.CommandsPerMinute < 1)
        {
            yield return $"Mqtt:CommandsPerMinute must be at least 1, got {options.CommandsPerMinute}.";
        }

        if (options.ResponseTopicPrefix.Length > 0
            && (options.ResponseTopicPrefix.IndexOfAny(['+', '#']) >= 0 || options.ResponseTopicPrefix.Split('/').Any(l => l.Length == 0)))
        {
            yield return $"Mqtt:ResponseTopicPrefix must be topic levels without '+', '#' or empty levels, got '{options.ResponseTopicPrefix}'.";
        }

        if (options.Qos is < 1 or > 2)
        {
            yield return $"Mqtt:Qos must be 1 or 2 (events need an acknowledgement), got {options.Qos}.";
        }

        if (options.StatsIntervalSeconds < 1)
        {
            yield return $"Mqtt:StatsIntervalSeconds must be at least 1, got {options.StatsIntervalSeconds}.";
        }

        if (options.OutboxMaxMessages < 1)
        {
            yield return $"Mqtt:OutboxMaxMessages must be at least 1, got {options.OutboxMaxMessages}.";
        }

        if (options.OutboxMaxAgeHours < 1)
        {
            yield return $"Mqtt:OutboxMaxAgeHours must be at least 1, got {options.OutboxMaxAgeHours}.";
        }

        if (options.ClassificationMaxPerSecond <= 0)
        {
            yield return $"Mqtt:ClassificationMaxPerSecond must be above 0, got {options.ClassificationMaxPerSecond}.";
        }

        if (options.ReconnectMinSeconds <= 0 || options.ReconnectMaxSeconds < options.ReconnectMinSeconds)
        {
            yield return "Mqtt:ReconnectMinSeconds must be above 0 and Mqtt:ReconnectMaxSeconds at least as large, " +
                         $"got {options.ReconnectMinSeconds} and {options.ReconnectMaxSeconds}.";
        }

        foreach (var (key, path) in new[]
                 {
                     ("Mqtt:PasswordFile", options.PasswordFile),
                     ("Mqtt:CaFile", options.CaFile),
                     ("Mqtt:ClientCertFile", options.ClientCertFile),
                     ("Mqtt:ClientKeyFile", options.ClientKeyFile),
                 })
        {
            if (path.Length > 0 && !File.Exists(path))
            {
                yield return $"{key}: file '{path}' does not exist.";
            }
        }

        if (options.ClientCertFile.Length > 0 != options.ClientKeyFile.Length > 0)
        {
            yield return "Mqtt:ClientCertFile and Mqtt:ClientKeyFile must be set together.";
        }

        if (options.PasswordFile.Length > 0 && options.Username.Length == 0)
        {
            yield return "Mqtt:PasswordFile is set but Mqtt:Username is empty.";
        }

        foreach (var label in options.WatchedLabels.Where(l => string.IsNullOrWhiteSpace(l)))
        {
            yield return $"Mqtt:WatchedLabels must not contain an empty label, got '{label}'.";
        }

        var snapshot = options.Snapshot;
        if (snapshot.MaxFiles < 1)
        {
            yield return $"Mqtt:Snapshot:MaxFiles must be at least 1, got {snapshot.MaxFiles}.";
        }

        if (snapshot.MaxAgeHours <= 0)
        {
            yield return $"Mqtt:Snapshot:MaxAgeHours must be above 0, got {snapshot.MaxAgeHours}.";
        }

        if (snapshot.Width != 0 && snapshot.Width is < 16 or > 4096)
        {
            yield return $"Mqtt:Snapshot:Width must be 0 (frame width) or 16..4096, got {snapshot.Width}.";
        }

        if (snapshot.Quality is < 1 or > 100)
        {
            yield return $"Mqtt:Snapshot:Quality must be 1..100, got {snapshot.Quality}.";
        }
    }

    private static string? TopicLevelProblem(string value) =>
        value.Length == 0 ? "must not be empty"
        : value.IndexOfAny(['+', '#', '/']) >= 0 ? "must be one topic level without '+', '#' or '/'"
        : null;
}
