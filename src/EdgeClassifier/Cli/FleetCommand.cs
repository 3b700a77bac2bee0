using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeClassifier.Fleet;
using EdgeClassifier.Outputs.Mqtt;
using Microsoft.Extensions.Configuration;

using EdgeClassifier.Hosting;

namespace EdgeClassifier.Cli;

/// <summary>
/// <c>edgeclassifier fleet list|command|rollout</c>: the fleet over the same broker, configured like <c>run</c>
/// (<c>--config</c>, <c>--Mqtt:Host=…</c>, credentials, TLS).
/// </summary>
public static class FleetCommand
{
    public static Command Create()
    {
        var fleet = new Command("fleet", "See and steer every device on the broker: list, command, rollout. Configured like run (--config, --Mqtt:Host=...).");
        fleet.Subcommands.Add(List());
        fleet.Subcommands.Add(Send());
        fleet.Subcommands.Add(Rollout());
        return fleet;
    }

    private static Option<string?> ConfigOption() => new("--config") { Description = "A JSON configuration file (the Mqtt section is used)" };

    private static Command List()
    {
        var config = ConfigOption();
        var json = new Option<bool>("--json") { Description = "Print one JSON array of devices" };
        var wait = new Option<string?>("--wait") { Description = "Longest wait for the retained topics (default 3s)" };
        var command = new Command("list", "Devices from their retained availability, state, stats and info") { config, json, wait };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse => Execute(parse.GetValue(config), parse.UnmatchedTokens.ToArray(), DurationParser.ParseOption(parse.GetValue(wait), "--wait") ?? TimeSpan.FromSeconds(3),
            (session, _) =>
            {
                var devices = session.Directory.Devices;
                if (parse.GetValue(json))
                {
                    Console.WriteLine(new JsonArray(devices.Select(d => (JsonNode)d.ToJson()).ToArray()).ToJsonString(MqttJson.Options));
                }
                else
                {
                    Console.WriteLine($"{"DEVICE",-20} {"AVAILABILITY",-12} {"LABEL",-20} {"MODEL VERSION",-14} {"MODEL",-36} GROUPS");
                    foreach (FleetDevice d in devices)
                    {
                        Console.WriteLine($"{d.DeviceId,-20} {d.Availability ?? "?",-12} {d.Label ?? "-",-20} {d.ModelVersion ?? "(configured)",-14} {d.Model ?? "?",-36} {string.Join(",", d.Groups)}");
                    }
                }

                return Task.FromResult(ExitCodes.Success);
            }));
        return command;
    }

    private static Command Send()
    {
        var config = ConfigOption();
        var target = new Argument<string>("TARGET") { Description = "A device id, a group name, or 'all'" };
        var name = new Argument<string>("NAME") { Description = "The command (pause, resume, snapshot, threshold, reload, collect, model, install, rollback)" };
        var payload = new Argument<string?>("JSON") { Description = "Arguments as a JSON object", Arity = ArgumentArity.ZeroOrOne };
        var timeout = new Option<string?>("--timeout") { Description = "How long to gather replies (default 5s)" };
        var command = new Command("command", "Send a command to a device, a group or every device and print who answered what") { config, target, name, payload, timeout };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse =>
        {
            TimeSpan wait = DurationParser.ParseOption(parse.GetValue(timeout), "--timeout") ?? TimeSpan.FromSeconds(5);
            string arguments = parse.GetValue(payload) ?? "{}";
            string[] overrides = parse.UnmatchedTokens.ToArray();
            if (arguments.StartsWith("--", StringComparison.Ordinal))
            {
                // No JSON given: the parser handed the first --Section:Key=value setting to the optional argument.
                (overrides, arguments) = ([arguments, .. overrides], "{}");
            }

            if (JsonNodeOrNull(arguments) is not JsonObject)
            {
                throw new CliException($"JSON argument '{arguments}' is not a JSON object.");
            }

            return Execute(parse.GetValue(config), overrides, TimeSpan.FromSeconds(3),
                (session, ct) => SendAsync(session, parse.GetValue(target)!, parse.GetValue(name)!, arguments, wait, ct));
        });
        return command;
    }

    private static async Task<int> SendAsync(FleetSession session, string target, string name, string arguments, TimeSpan wait, CancellationToken ct)
    {
        var devices = session.Directory.Devices;
        (string topicBase, FleetDevice[] expected) = target switch
        {
            "all" => (session.AllBase, devices.Where(d => d.Online).ToArray()),
            _ when session.Directory.Find(target) is { } device => (session.DeviceBase(target), [device]),
            _ when devices.Any(d => d.Groups.Contains(target)) => (session.GroupBase(target), devices.Where(d => d.Online && d.Groups.Contains(target)).ToArray()),
            _ => throw new CliException($"no device or group named '{target}' on the broker (see fleet list)."),
        };

        byte[] correlation = Encoding.UTF8.GetBytes($"fleet-{Guid.NewGuid():N}");
        await session.SendAsync(topicBase, name, Encoding.UTF8.GetBytes(arguments), correlation, ct).ConfigureAwait(false);
        var answered = new Dictionary<string, string>(StringComparer.Ordinal);
        await session.WaitAsync(s =>
        {
            foreach (var reply in s.Replies.Where(r => r.Correlation.AsSpan().SequenceEqual(correlation)))
            {
                answered[reply.DeviceId] = Encoding.UTF8.GetString(reply.Payload);
            }

            return expected.All(d => answered.ContainsKey(d.DeviceId));
        }, wait, ct).ConfigureAwait(false);

        foreach (var (device, reply) in answered.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"{device}: {reply}");
        }

        string[] silent = expected.Select(d => d.DeviceId).Where(d => !answered.ContainsKey(d)).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{answered.Count} of {expected.Length} device(s) answered")
            + (silent.Length > 0 ? $"; no answer from {string.Join(", ", silent)}" : ""));
        bool allOk = answered.Values.All(r => JsonNodeOrNull(r)?["ok"]?.GetValue<bool>() == true);
        return silent.Length == 0 && allOk ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static Command Rollout()
    {
        var config = ConfigOption();
        var model = new Option<string>("--model") { Description = "URL of the ONNX model (http or https)", Required = true };
        var sha = new Option<string>("--sha256") { Description = "SHA-256 of the model file", Required = true };
        var version = new Option<string>("--model-version") { Description = "The version name devices report", Required = true };
        var labels = new Option<string?>("--labels") { Description = "URL of the labels file" };
        var labelsSha = new Option<string?>("--labels-sha256") { Description = "SHA-256 of the labels file" };
        var signature = new Option<string?>("--signature") { Description = "File with the signature (DER, or its base64) over the model's SHA-256" };
        var group = new Option<string?>("--group") { Description = "Only devices in this group (default: all)" };
        var canary = new Option<string?>("--canary") { Description = "Group that gets the model first; the rest only if it succeeds" };
        var maxFailures = new Option<int>("--max-failures") { Description = "Stop when more devices than this fail (default 0)" };
        var batch = new Option<int?>("--batch")
        {
            Description = $"After the canaries, how many devices download and validate at a time (default {FleetRollout.DefaultBatchSize}); the next batch starts when each has a verdict",
        };
        var timeout = new Option<string?>("--timeout") { Description = "Longest wait for each wave's verdicts: the canaries, then each batch (default 10m)" };
        var command = new Command("rollout", "Install a model on the fleet: canary group first, then the rest in batches, stop on failures; exit 1 naming devices that rejected it")
        {
            config, model, sha, version, labels, labelsSha, signature, group, canary, maxFailures, batch, timeout,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse =>
        {
            var offerJson = new JsonObject
            {
                ["url"] = parse.GetValue(model),
                ["sha256"] = parse.GetValue(sha),
                ["version"] = parse.GetValue(version),
            };
            if (parse.GetValue(labels) is { } labelsUrl)
            {
                offerJson["labels"] = new JsonObject { ["url"] = labelsUrl, ["sha256"] = parse.GetValue(labelsSha) };
            }

            if (parse.GetValue(signature) is { } signatureFile)
            {
                offerJson["signature"] = ReadSignature(signatureFile);
            }

            ModelOffer offer = ModelOffer.Parse(offerJson, out string? error) ?? throw new CliException($"rollout: {error}");
            TimeSpan wait = DurationParser.ParseOption(parse.GetValue(timeout), "--timeout") ?? TimeSpan.FromMinutes(10);
            int failures = parse.GetValue(maxFailures);
            if (failures < 0)
            {
                throw new CliException($"--max-failures must be 0 or more, got {failures}.");
            }

            int batchSize = parse.GetValue(batch) ?? FleetRollout.DefaultBatchSize;
            if (batchSize < 1)
            {
                throw new CliException($"--batch must be 1 or more, got {batchSize}.");
            }

            return Execute(parse.GetValue(config), parse.UnmatchedTokens.ToArray(), TimeSpan.FromSeconds(3), async (session, ct) =>
            {
                var rollout = new FleetRollout(session, offer, wait, line => Console.WriteLine(line));
                FleetRolloutReport report = await rollout.RunAsync(parse.GetValue(group), parse.GetValue(canary), failures, batchSize, ct).ConfigureAwait(false);
                return Summarise(report, offer.Version);
            });
        });
        return command;
    }

    private static int Summarise(FleetRolloutReport report, string version)
    {
        int active = report.Outcomes.Count(o => o.Active);
        Console.WriteLine($"model {version}: active on {active} of {report.Outcomes.Count + report.NotSent.Count} device(s)");
        foreach (DeviceOutcome failed in report.Outcomes.Where(o => !o.Active))
        {
            Console.Error.WriteLine($"edgeclassifier: fleet rollout: {failed.DeviceId}: {failed.Stage}");
        }

        if (report.StoppedBecause is not null)
        {
            Console.Error.WriteLine($"edgeclassifier: fleet rollout stopped: {report.StoppedBecause}"
                + (report.NotSent.Count > 0 ? $"; not sent to {string.Join(", ", report.NotSent)}" : ""));
        }

        return report.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static string ReadSignature(string file)
    {
        if (!File.Exists(file))
        {
            throw new CliException($"{file}: signature file not found.");
        }

        byte[] bytes = File.ReadAllBytes(file);
        // openssl writes DER (starts with a SEQUENCE tag); a text file holds it in base64 already.
        return bytes.Length > 0 && bytes[0] == 0x30 ? Convert.ToBase64String(bytes) : Encoding.ASCII.GetString(bytes).Trim();
    }

    private static JsonNode? JsonNodeOrNull(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static int Execute(string? configFile, string[] overrides, TimeSpan settle, Func<FleetSession, CancellationToken, Task<int>> action)
    {
        var configuration = new ConfigurationManager();
        RunCommand.AddConfiguration(configuration, configFile, overrides);
        var options = new MqttOptions();
        configuration.GetSection(MqttOptions.SectionName).Bind(options);
        if (options.DeviceId.Length == 0)
        {
            // Only the prefix matters to the tools; a device id is needed for the options to be complete.
            options.DeviceId = MqttOptionsDefaults.DefaultDeviceId;
        }

        if (MqttOptionsValidator.Check(options).FirstOrDefault() is { } problem)
        {
            throw new CliException($"config: {problem}");
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        return RunAsync(options, settle, action, stop.Token).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(MqttOptions options, TimeSpan settle, Func<FleetSession, CancellationToken, Task<int>> action, CancellationToken ct)
    {
        FleetSession session;
        try
        {
            session = await FleetSession.OpenAsync(options, settle, ct).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine($"edgeclassifier: fleet: cannot connect to the broker: {ex.Message}");
            return ExitCodes.Failure;
        }

        await using (session.ConfigureAwait(false))
        {
            return await action(session, ct).ConfigureAwait(false);
        }
    }
}
