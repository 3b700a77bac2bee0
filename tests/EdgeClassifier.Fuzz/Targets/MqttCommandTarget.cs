using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeClassifier.Fleet;
using EdgeClassifier.Outputs.Mqtt;
using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Fuzz.Targets;

/// <summary>
/// An MQTT command as it arrives: the input's first line is the command name (the last level of
/// <c>command/&lt;name&gt;</c>), the rest is the payload. The payload goes through the handler's parser and then the
/// commands with a pipeline that records what it is asked and the real <see cref="ModelOffer"/> parser. Bad input is
/// documented as <see cref="JsonException"/> from the parser; the commands themselves must refuse with a failed
/// result and never throw. (The handler turns any exception into an error reply, which would hide a finding.)
/// </summary>
internal sealed class MqttCommandTarget : IFuzzTarget
{
    // Made on the first input: instrumented code must not run before afl-fuzz's shared memory is attached.
    private PipelineCommands? _commands;

    public void Run(Stream input)
    {
        byte[] bytes = FuzzTargets.ReadAll(input);
        int newline = Array.IndexOf(bytes, (byte)'\n');
        string name = Encoding.UTF8.GetString(bytes, 0, newline < 0 ? bytes.Length : newline);
        byte[] payload = newline < 0 ? [] : bytes[(newline + 1)..];
        JsonObject? arguments;
        try
        {
            arguments = MqttCommandHandler.ParseArguments(payload);
        }
        catch (JsonException)
        {
            return;
        }

        _commands ??= new PipelineCommands(new NullPipeline(), () => CommandResult.Success(), new OfferParsingRollout());
        CommandResult result = _commands.ExecuteAsync(name, arguments, CancellationToken.None).GetAwaiter().GetResult();
        // The reply is serialised as the handler sends it.
        MqttJson.Serialize(result.ToJson());
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds() =>
    [
        ("threshold", "threshold\n{\"value\": 0.6}"u8.ToArray()),
        ("pause", "pause\n"u8.ToArray()),
        ("resume", "resume\n {} "u8.ToArray()),
        ("snapshot", "snapshot\n{}"u8.ToArray()),
        ("reload", "reload\n"u8.ToArray()),
        ("collect", "collect\n{\"frames\": 3}"u8.ToArray()),
        ("model", Encoding.UTF8.GetBytes("model\n{\"url\": \"https://models.example/m.onnx\", \"sha256\": \"" + new string('a', 64) +
                   "\", \"version\": \"2\", \"labels\": {\"url\": \"http://models.example/l.txt\", \"sha256\": \"" + new string('B', 64) +
                   "\"}, \"signature\": \"MEUCIQ==\", \"install\": false}")),
        ("install", "install\n"u8.ToArray()),
        ("rollback", "rollback\n"u8.ToArray()),
        ("unknown", "reboot\n[1, 2]"u8.ToArray()),
    ];

    /// <summary>A pipeline that accepts every request, as the real one does for values the commands let through.</summary>
    private sealed class NullPipeline : IPipelineControl
    {
        public void Pause()
        {
        }

        public void Resume()
        {
        }

        public bool SetScoreThreshold(float value, out string? error)
        {
            error = null;
            return true;
        }

        public Task ReloadAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>
    /// The rollout's command side without downloading: the real offer parser, the offer written and read back as it
    /// is kept for <c>install</c>, and the <c>install</c> flag read as <see cref="ModelRollout.Offer"/> reads it.
    /// </summary>
    private sealed class OfferParsingRollout : IModelRollout
    {
        private JsonObject? _stored;

        public string? ModelVersion => null;

        public string? OfferedVersion => null;

        public string? StageVersion => null;

        public string? Stage => null;

        public event Action? Changed
        {
            add { }
            remove { }
        }

        public CommandResult Offer(JsonObject? arguments)
        {
            ModelOffer? offer = ModelOffer.Parse(arguments, out string? error);
            if (offer is null)
            {
                return CommandResult.Fail($"model: {error}");
            }

            bool install = arguments?["install"] is not JsonValue flag || !flag.TryGetValue(out bool value) || value;
            _stored = JsonNode.Parse(MqttJson.Serialize(offer.ToJson()))!.AsObject();
            return install ? Install() : CommandResult.Success(new JsonObject { ["offeredVersion"] = offer.Version });
        }

        public CommandResult Install() =>
            _stored is not null && ModelOffer.Parse(_stored, out _) is { } offer
                ? CommandResult.Success(new JsonObject { ["version"] = offer.Version })
                : CommandResult.Fail("install: no model has been offered (send a model command first)");

        public Task<CommandResult> RollbackAsync(CancellationToken cancellationToken) =>
            Task.FromResult(CommandResult.Fail("rollback: no rolled-out model is active; the configured model is running"));
    }
}
