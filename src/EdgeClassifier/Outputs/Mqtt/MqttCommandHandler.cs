using EdgeClassifier.Pipeline;
using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// Executes <c>command/&lt;name&gt;</c> messages (<c>pause</c>, <c>resume</c>, <c>snapshot</c>, <c>threshold</c>,
/// <c>reload</c>, <c>collect</c>, and the rollout's <c>model</c>, <c>install</c>, <c>rollback</c>) — sent to this device, its groups or
/// the whole fleet — and replies on <c>command/&lt;name&gt;/result</c>, plus the MQTT 5 response topic with the
/// request's correlation data when given. Bad input gets an error reply; nothing here throws to the caller.
/// A retained command is never run (it would run again after every reconnect): it is logged and cleared. Each
/// command name runs at most <c>Mqtt:CommandsPerMinute</c> times a minute, and a response topic outside the device's
/// own <c>command/+/result</c> (or <c>Mqtt:ResponseTopicPrefix</c>) is refused, so nobody can make the device publish
/// on another device's or Home Assistant's topics.
/// </summary>
public sealed class MqttCommandHandler
{
    private readonly MqttTopics _topics;
    private readonly MqttConnection _connection;
    private readonly PipelineCommands _commands;
    private readonly ILogger _logger;
    private readonly CommandRateLimiter _limiter;
    private readonly int _perMinute;
    private readonly string _responsePrefix;
    private readonly HashSet<string> _retainedSeen = new(StringComparer.Ordinal);

    /// <summary>Creates the handler over the service's <paramref name="commands"/>.</summary>
    public MqttCommandHandler(MqttTopics topics, MqttConnection connection, PipelineCommands commands, ILogger logger,
        MqttOptions options, TimeProvider time)
    {
        _limiter = new CommandRateLimiter(options.CommandsPerMinute, time);
        _perMinute = options.CommandsPerMinute;
        _responsePrefix = options.ResponseTopicPrefix;
        _topics = topics;
        _connection = connection;
        _commands = commands;
        _logger = logger;
    }

    /// <summary>Runs the command in <paramref name="message"/> (ignored when it is not a command topic) and replies.</summary>
    public async Task HandleAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        string? name = _topics.CommandName(message.Topic);
        if (name is null)
        {
            return;
        }

        if (message.Retain)
        {
            // An empty retained message is a deletion (the device's own, clearing a retained command), not a command.
            if (message.Payload.Length > 0)
            {
                await IgnoreRetainedAsync(name, message.Topic, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        CommandResult result;
        if (ResponseTopicProblem(message.ResponseTopic) is { } problem)
        {
            RefusedResponseTopics++;
            result = CommandResult.Fail(problem);
            message.ResponseTopic = null;
        }
        else if (PipelineCommands.Names.Contains(name) && !_limiter.TryAcquire(name))
        {
            result = CommandResult.Fail($"rate limited: {name} already ran {_perMinute} times in the last minute (Mqtt:CommandsPerMinute)");
        }
        else
        {
            try
            {
                result = await ExecuteAsync(name, message.Payload.ToArray(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                result = CommandResult.Fail($"{name} failed: {ex.Message}");
            }
        }

        // A flood of refused commands is counted in stats, not written to the journal line by line.
        var level = result.Ok ? LogLevel.Information : _limiter.Refused > 0 && result.Error!.StartsWith("rate limited", StringComparison.Ordinal)
            ? LogLevel.Debug : LogLevel.Warning;
        _logger.Log(level, "MQTT command {Command}: {Outcome}", name, result.Ok ? "ok" : result.Error);
        await ReplyAsync(name, message, result, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Commands refused by the rate limit.</summary>
    public long RateLimited => _limiter.Refused;

    /// <summary>Commands refused because of their response topic.</summary>
    public long RefusedResponseTopics { get; private set; }

    /// <summary>Retained commands ignored.</summary>
    public long RetainedIgnored { get; private set; }

    private async Task IgnoreRetainedAsync(string name, string topic, CancellationToken cancellationToken)
    {
        RetainedIgnored++;
        if (_retainedSeen.Add(topic))
        {
            _logger.LogWarning("MQTT command {Command} is retained on the broker and is not executed: a retained command " +
                               "would run again after every reconnect. Send commands without the retain flag", name);
        }

        // An empty retained message deletes it. Only with MQTT 5, whose retain-as-published subscription brings this
        // empty message back marked retained, so it is not taken for a fresh command.
        if (_connection.ProtocolVersion == MQTTnet.Formatter.MqttProtocolVersion.V500)
        {
            await _connection.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithRetainFlag(true)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken).ConfigureAwait(false);
        }
    }

    private string? ResponseTopicProblem(string? responseTopic)
    {
        if (string.IsNullOrEmpty(responseTopic))
        {
            return null;
        }

        string own = $"{_topics.Base}/command/";
        bool ownResult = responseTopic.StartsWith(own, StringComparison.Ordinal) && responseTopic.EndsWith("/result", StringComparison.Ordinal)
            && responseTopic.Length > own.Length + "/result".Length
            && responseTopic.IndexOfAny(['/', '+', '#'], own.Length, responseTopic.Length - own.Length - "/result".Length) < 0;
        bool underPrefix = _responsePrefix.Length > 0 && responseTopic.StartsWith(_responsePrefix + "/", StringComparison.Ordinal)
            && responseTopic.IndexOfAny(['+', '#']) < 0;
        return ownResult || underPrefix
            ? null
            : $"response topic '{responseTopic}' refused: replies go only to {own}+/result" +
              (_responsePrefix.Length > 0 ? $" or under {_responsePrefix}/" : " (or under Mqtt:ResponseTopicPrefix when set)") +
              "; the command was not run";
    }

    private async Task<CommandResult> ExecuteAsync(string name, byte[] payload, CancellationToken cancellationToken)
    {
        JsonObject? arguments;
        try
        {
            arguments = ParseArguments(payload);
        }
        catch (JsonException ex)
        {
            return CommandResult.Fail($"malformed JSON: {ex.Message}");
        }

        return await _commands.ExecuteAsync(name, arguments, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The arguments of a command payload: null when it is empty or blank, else a JSON object. Bad input throws
    /// <see cref="JsonException"/> only (its message goes into the error reply).
    /// </summary>
    public static JsonObject? ParseArguments(byte[] payload)
    {
        if (payload.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return null;
        }

        // JsonNode checks the text of a string only when it is read, by throwing InvalidOperationException then.
        if (!System.Text.Unicode.Utf8.IsValid(payload))
        {
            throw new JsonException("the payload is not valid UTF-8");
        }

        return JsonNode.Parse(payload, documentOptions: PipelineCommands.ArgumentsJson) as JsonObject
            ?? throw new JsonException("the payload must be a JSON object");
    }

    private async Task ReplyAsync(string name, MqttApplicationMessage request, CommandResult result, CancellationToken cancellationToken)
    {
        byte[] payload = MqttJson.Serialize(result.ToJson());
        // The request's correlation data goes along on the device's own result topic too, so a sender that addressed
        // a group or the whole fleet can tell which replies answer its request and count who answered.
        await _connection.PublishAsync(Reply(_topics.CommandResult(name), payload, request.CorrelationData), cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(request.ResponseTopic))
        {
            await _connection.PublishAsync(Reply(request.ResponseTopic, payload, request.CorrelationData), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private static MqttApplicationMessage Reply(string topic, byte[] payload, byte[]? correlation)
    {
        var builder = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithContentType("application/json");
        if (correlation is not null)
        {
            builder.WithCorrelationData(correlation);
        }

        return builder.Build();
    }
}
