using System.Text;
using EdgeClassifier.Cli;
using EdgeClassifier.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace EdgeClassifier.Fuzz.Targets;

/// <summary>
/// A <c>--config</c> JSON file through exactly what <c>edgeclassifier run</c> does before it opens anything: the
/// configuration sources, the composition root, the host, and the start-up validation of every options section
/// (binding and validators). Bad input is documented as <see cref="CliException"/> (the one-line exit-2 message);
/// anything else — a binder exception, a validator that throws, a crash — is a finding.
/// The directories the validators may create are kept inside the scratch folder: the fuzzer runs as any user,
/// root included, and must not create folders wherever a mutated path points.
/// </summary>
internal sealed class ConfigTarget : IFuzzTarget
{
    private static readonly string[] DirectoryKeys = ["State:Directory", "Mqtt:Snapshot:Directory"];
    private readonly string _path = Path.Combine(FuzzTargets.Scratch, "config.json");

    public void Run(Stream input)
    {
        File.WriteAllBytes(_path, FuzzTargets.ReadAll(input));
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = FuzzTargets.Scratch,
            Args = [],
            DisableDefaults = true,
        });
        try
        {
            RunCommand.AddConfiguration(builder.Configuration, _path, []);
            PinDirectories(builder.Configuration);
            builder.Services.AddEdgeClassifier(builder.Configuration);
            using IHost host = builder.Build();
            RunCommand.ValidateOptions(host.Services);
        }
        catch (CliException)
        {
        }
        finally
        {
            ((IDisposable)builder.Configuration).Dispose();
        }
    }

    /// <summary>Any configured directory becomes one under the scratch folder (its name kept when it is harmless).</summary>
    private static void PinDirectories(ConfigurationManager configuration)
    {
        var pinned = new Dictionary<string, string?>();
        foreach (string key in DirectoryKeys)
        {
            string? value = configuration[key];
            if (!string.IsNullOrEmpty(value) && Path.IsPathFullyQualified(value))
            {
                string name = string.Concat(value.Where(char.IsAsciiLetterOrDigit).Take(32));
                pinned[key] = Path.Combine(FuzzTargets.Scratch, "dirs", name.Length == 0 ? "x" : name);
            }
        }

        // Empty resolves from $STATE_DIRECTORY / $XDG_STATE_HOME / $HOME: the scratch folder instead.
        if (string.IsNullOrEmpty(configuration["State:Directory"]))
        {
            pinned["State:Directory"] = Path.Combine(FuzzTargets.Scratch, "state");
        }
        configuration.AddInMemoryCollection(pinned);
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        yield return ("empty.json", "{}"u8.ToArray());
        yield return ("frame-path.json", Encoding.UTF8.GetBytes("""
            {"Camera": {"Source": "synthetic", "Width": 320, "Height": 240, "Fps": 15, "MaxImagePixels": 1000000},
             "Model": {"Resize": "crop", "RegionOfInterest": [0.1, 0.1, 0.9, 0.9], "Rotation": 90, "Mean": [127.5], "Std": [127.5]},
             "Runtime": {"Threads": 1, "Providers": ["cpu"], "GraphOptimization": "basic"},
             "Pipeline": {"BudgetMs": 50, "WindowFrames": 10, "RecoverSeconds": 5, "MaxFrameSkip": 2},
             "Decision": {"Mode": "stable", "StableFrames": 3, "StablePercent": 80, "EnterScore": 0.6, "ExitScore": 0.4},
             "Classification": {"MaxResults": 3, "ScoreThreshold": 0.1, "CategoryAllowlist": ["cat"], "MinScores": {"cat": 0.5}},
             "Watchdog": {"StatusInterval": "00:00:05", "StuckInferenceMultiple": 50}}
            """));
        yield return ("outputs.json", Encoding.UTF8.GetBytes("""
            {"State": {"Directory": "/var/lib/edgeclassifier"},
             "Mqtt": {"Host": "broker.local", "Port": 1883, "DeviceId": "cam1", "Groups": ["north"], "CommandsPerMinute": 10,
                      "Snapshot": {"Enabled": true, "Width": 320, "Quality": 70, "MaxFiles": 5, "MaxAgeHours": 1}},
             "Web": {"Enabled": true, "Port": 8081},
             "Barcode": {"Enabled": true, "Formats": ["QR_CODE"]}}
            """));
        yield return ("off.json", Encoding.UTF8.GetBytes("""{"Mqtt": {"Enabled": false}, "Web": {"Enabled": "false"}, "Model": {"Path": "m.onnx"}}"""));
    }
}
