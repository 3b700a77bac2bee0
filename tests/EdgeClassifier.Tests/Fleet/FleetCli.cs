using System.Text.Json.Nodes;
using EdgeClassifier.Tests.Cli;

namespace EdgeClassifier.Tests.Fleet;

/// <summary>Runs <c>edgeclassifier fleet …</c> against one broker port and reads <c>fleet list --json</c>.
/// <paramref name="timeout"/>: longest run of one <c>fleet</c> command (default 6 min).</summary>
public sealed class FleetCli(int port, TimeSpan? timeout = null)
{
    public CliProcess.Result Run(params string[] args) => CliProcess.Run(timeout ?? TimeSpan.FromMinutes(6), ["fleet", .. args, $"--Mqtt:Port={port}"]);

    /// <summary>The devices as <c>fleet list --json</c> prints them, by id.</summary>
    public Dictionary<string, JsonObject> List()
    {
        var list = Run("list", "--json");
        Assert.True(list.ExitCode == 0, list.Error);
        return JsonNode.Parse(list.Output)!.AsArray().Select(d => d!.AsObject()).ToDictionary(d => (string)d["deviceId"]!);
    }

    /// <summary>Polls <c>fleet list</c> until <paramref name="condition"/> holds; fails with the last list.</summary>
    public async Task<Dictionary<string, JsonObject>> WaitAsync(
        Func<Dictionary<string, JsonObject>, bool> condition, string what, Func<string>? context = null, double seconds = 120)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (true)
        {
            var devices = List();
            if (condition(devices))
            {
                return devices;
            }

            Assert.True(DateTime.UtcNow < deadline,
                $"Timed out waiting for {what}:\n{string.Join("\n", devices.Values.Select(d => d.ToJsonString()))}\n{context?.Invoke()}");
            await Task.Delay(1000);
        }
    }
}
