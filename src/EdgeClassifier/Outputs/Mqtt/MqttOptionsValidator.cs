using EdgeClassifier.Outputs.Mqtt.Broker;
using EdgeClassifier.Outputs.Snapshots;
using EdgeClassifier.State;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>Rejects an <see cref="MqttOptions"/> a broker or Home Assistant would choke on, naming the key at fault.</summary>
/// <param name="state">Section <c>State</c>, when the service runs (null: the directories are not checked).</param>
public sealed class MqttOptionsValidator(IOptions<StateOptions>? state = null) : IValidateOptions<MqttOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MqttOptions options)
    {
        var errors = Check(options).ToList();
        if (state is not null && errors.Count == 0 && SnapshotDirectoryProblem(options, state) is { } directory)
        {
            errors.Add(directory);
        }

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

        if (options.ConfigurationUrl.Length > 0
            && !(Uri.TryCreate(options.ConfigurationUrl, UriKind.Absolute, out Uri? page) && page.Scheme is "http" or "https"))
        {
            // Home Assistant drops the whole discovery message when this field is not a URL it can open.
            yield return $"Mqtt:ConfigurationUrl must be an http:// or https:// address, got '{options.ConfigurationUrl}'.";
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

        // Upper bounds are what the code using each value can take: timers and delays hold at most ~49 days, MQTT's
        // message expiry interval is seconds in 32 bits, and a TimeSpan overflows past ~29 000 years.
        if (options.StatsIntervalSeconds is < 1 or > 86_400)
        {
            yield return $"Mqtt:StatsIntervalSeconds must be 1..86400, got {options.StatsIntervalSeconds}.";
        }

        if (options.OutboxMaxMessages is < 1 or > 1_000_000)
        {
            yield return $"Mqtt:OutboxMaxMessages must be 1..1000000, got {options.OutboxMaxMessages}.";
        }

        if (options.OutboxMaxAgeHours is < 1 or > 8_760)
        {
            yield return $"Mqtt:OutboxMaxAgeHours must be 1..8760 (a year), got {options.OutboxMaxAgeHours}.";
        }

        if (!(options.ClassificationMaxPerSecond > 0 && options.ClassificationMaxPerSecond <= 1000))
        {
            yield return $"Mqtt:ClassificationMaxPerSecond must be above 0 and at most 1000, got {options.ClassificationMaxPerSecond}.";
        }

        if (!(options.ReconnectMinSeconds > 0 && options.ReconnectMaxSeconds >= options.ReconnectMinSeconds && options.ReconnectMaxSeconds <= 3600))
        {
            yield return "Mqtt:ReconnectMinSeconds must be above 0 and Mqtt:ReconnectMaxSeconds at least as large and at most 3600, " +
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

        foreach (var group in options.Groups.Where(g => !IsGroupName(g)))
        {
            yield return $"Mqtt:Groups: '{group}' is not a group name; use letters, digits, '-' and '_', starting with a letter or digit.";
        }

        if (options.DiscoveryJitterSeconds is < 0 or > 600 || double.IsNaN(options.DiscoveryJitterSeconds))
        {
            yield return $"Mqtt:DiscoveryJitterSeconds must be between 0 and 600, got {options.DiscoveryJitterSeconds}.";
        }

        foreach (var label in options.WatchedLabels.Where(l => string.IsNullOrWhiteSpace(l)))
        {
            yield return $"Mqtt:WatchedLabels must not contain an empty label, got '{label}'.";
        }

        var snapshot = options.Snapshot;
        if (snapshot.MaxFiles is < 1 or > 100_000)
        {
            yield return $"Mqtt:Snapshot:MaxFiles must be 1..100000, got {snapshot.MaxFiles}.";
        }

        if (!(snapshot.MaxAgeHours > 0 && snapshot.MaxAgeHours <= 87_600))
        {
            yield return $"Mqtt:Snapshot:MaxAgeHours must be above 0 and at most 87600 (ten years), got {snapshot.MaxAgeHours}.";
        }

        if (snapshot.Width != 0 && snapshot.Width is < 16 or > 4096)
        {
            yield return $"Mqtt:Snapshot:Width must be 0 (frame width) or 16..4096, got {snapshot.Width}.";
        }

        if (snapshot.Quality is < 1 or > 100)
        {
            yield return $"Mqtt:Snapshot:Quality must be 1..100, got {snapshot.Quality}.";
        }

        if (snapshot.Enabled && snapshot.Directory.Length > 0 && !Path.IsPathFullyQualified(snapshot.Directory))
        {
            yield return $"Mqtt:Snapshot:Directory: '{snapshot.Directory}' must be an absolute path (state never goes in the current directory).";
        }
    }

    /// <summary>
    /// The snapshot directory must be writable at start (created when missing), so the service never runs with a
    /// snapshot store that fails on the first event. Left to section <c>State</c> when it is the default under an
    /// unusable state directory, which is then reported once, for <c>State:Directory</c>.
    /// </summary>
    private static string? SnapshotDirectoryProblem(MqttOptions options, IOptions<StateOptions> state)
    {
        SnapshotOptions snapshot = options.Snapshot;
        if (!options.Enabled || !snapshot.Enabled || !Path.IsPathFullyQualified(snapshot.Directory))
        {
            return null;
        }

        try
        {
            _ = state.Value;
        }
        catch (OptionsValidationException)
        {
            return null;
        }

        return WritableDirectory.Problem(snapshot.Directory) is { } cause
            ? $"Mqtt:Snapshot:Directory: '{snapshot.Directory}' is not writable: {cause}"
            : null;
    }

    private static bool IsGroupName(string name) =>
        name.Length is > 0 and <= 64 && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string? TopicLevelProblem(string value) =>
        value.Length == 0 ? "must not be empty"
        : value.IndexOfAny(['+', '#', '/']) >= 0 ? "must be one topic level without '+', '#' or '/'"
        : null;
}
