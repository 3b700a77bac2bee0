using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// Executes <c>command/&lt;name&gt;</c> messages (<c>pause</c>, <c>resume</c>, <c>snapshot</c>, <c>threshold</c>,
/// <c>reload</c>) and replies on <c>command/&lt;name&gt;/result</c>, plus the MQTT 5 response topic with the
/// request's correlation data when given. Bad input gets an error reply; nothing here throws to the caller.
/// </summary>
public sealed class MqttCommandHandler
{
    private readonly MqttTopics _topics;
    private readonly MqttConnection _connection;
    private readonly PipelineCommands _commands;
    private readonly ILogger _logger;

    /// <summary>Creates the handler over the service's <paramref name="commands"/>.</summary>
    public MqttCommandHandler(MqttTopics topics, MqttConnection connection, PipelineCommands commands, ILogger logger)
    {
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

        CommandResult result;
        try
        {
            result = await ExecuteAsync(name, message.Payload.ToArray(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            result = CommandResult.Fail($"{name} failed: {ex.Message}");
        }

        _logger.Log(result.Ok ? LogLevel.Information : LogLevel.Warning,
            "MQTT command {Command}: {Outcome}", name, result.Ok ? "ok" : result.Error);
        await ReplyAsync(name, message, result, cancellationToken).ConfigureAwait(false);
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

    private static JsonObject? ParseArguments(byte[] payload)
    {
        if (payload.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return null;
        }

        return JsonNode.Parse(payload) as JsonObject
            ?? throw new JsonException("the payload must be a JSON object");
    }

    private async Task ReplyAsync(string name, MqttApplicationMessage request, CommandResult result, CancellationToken cancellationToken)
    {
        byte[] payload = MqttJson.Serialize(result.ToJson());
        await _connection.PublishAsync(Reply(_topics.CommandResult(name), payload, null), cancellationToken).ConfigureAwait(false);
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
