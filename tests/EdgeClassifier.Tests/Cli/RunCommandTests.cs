using System.Text.Json;

namespace EdgeClassifier.Tests.Cli;

/// <summary>The real service process: configuration errors, and a timed run on the files source.</summary>
public class RunCommandTests
{
    [Fact]
    public void A_bad_value_in_every_section_is_reported_with_exit_code_2_before_any_model_loads_or_camera_opens()
    {
        // The model path names a file that does not exist: had anything tried to load it, "model file not found"
        // would be printed. One bad key per section, all reported together.
        var run = CliProcess.Run(
            "run", "--duration", "5s",
            "--Model:Path=/no/model.onnx",
            "--Camera:Source=v4l2", "--Camera:Device=/dev/video-none", "--Camera:Width=5",
            "--Model:Resize=banana", "--Runtime:Threads=many", "--Pipeline:BudgetMs=-1", "--Decision:ExitScore=0.9",
            "--Classification:MaxResults=0", "--Mqtt:Qos=3", "--Gpio:Chip=7", "--Gpio:StatusLed:Pin=17",
            "--Watchdog:StuckInferenceMultiple=1", "--Model:MinAccuracy=2", "--Users:PasswordFile=/no/passwd", "--Barcode:Enabled=maybe", "--Web:StreamFps=-1",
            "--Collect:QueueLength=0");

        Assert.Equal(2, run.ExitCode);
        string[] expected =
        [
            "config: Camera:Width",
            "config: Model:Resize: 'banana' is not valid; allowed values are stretch, crop, letterbox.",
            "config: Runtime:Threads: 'many' is not valid; expected a whole number.",
            "config: Pipeline:BudgetMs must be between 0 and 60000 milliseconds, got -1.",
            "config: Decision:ExitScore (0.9) must not be above Decision:EnterScore (0.5).",
            "config: Classification:MaxResults must be at least 1, got 0.",
            "config: Mqtt:Qos",
            "config: Gpio:Chip: cannot open GPIO chip gpiochip7",
            "config: Watchdog:StuckInferenceMultiple",
            "config: Model:MinAccuracy must be between 0 and 1, got 2.",
            "config: Barcode:Enabled: 'maybe' is not valid",
            "config: Web:StreamFps",
            "config: Collect:QueueLength must be between 1 and 64, got 0.",
            "/no/passwd",
        ];
        Assert.All(expected, message => Assert.Contains(message, run.Error));
        Assert.DoesNotContain("model file not found", run.Error);
        Assert.DoesNotContain("video-none", run.Error);
        Assert.Empty(run.Output);
    }

    [Theory]
    [InlineData("0.01", "100")] // 1 ms limit at the default multiple
    [InlineData("0.00001", "100")] // under one tick: a zero budget once converted
    [InlineData("0.5", "2")] // 1 ms limit at the smallest multiple
    public void A_budget_the_stuck_inference_watchdog_cannot_use_is_exit_code_2_naming_the_key_before_anything_opens(string budgetMs, string multiple)
    {
        // Each value is valid on its own; their product (the watchdog's limit) is below the 2 ms it can check.
        var run = CliProcess.Run(
            "run", "--duration", "5s", "--Model:Path=/no/model.onnx", "--Camera:Source=v4l2", "--Camera:Device=/dev/video-none",
            $"--Pipeline:BudgetMs={budgetMs}", $"--Watchdog:StuckInferenceMultiple={multiple}", "--Mqtt:Enabled=false", "--Web:Enabled=false");

        Assert.Equal(2, run.ExitCode);
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        // The budget as the watchdog gets it (whole 100 ns ticks: 0.00001 ms becomes 0).
        Assert.StartsWith("edgeclassifier: config: Pipeline:BudgetMs (", line);
        Assert.Contains($" ms) x Watchdog:StuckInferenceMultiple ({multiple}) = ", line);
        Assert.Contains("at least 2 ms", line);
        Assert.Empty(run.Output);
    }

    [Fact]
    public void A_budget_just_above_the_watchdogs_smallest_limit_passes_validation()
    {
        // 0.025 ms x 100 = 2.5 ms: validation passes, so the next step (loading the model) is what fails.
        var run = CliProcess.Run(
            "run", "--duration", "5s", "--Camera:Source=synthetic", "--Model:Path=/no/model.onnx", "--Pipeline:BudgetMs=0.025",
            "--Mqtt:Enabled=false", "--Web:Enabled=false");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("/no/model.onnx: model file not found.", run.Error);
        Assert.DoesNotContain("Pipeline:BudgetMs", run.Error);
    }

    [Fact]
    public void A_relative_state_directory_is_reported_with_exit_code_2_before_any_model_loads()
    {
        // Separate from the test above: the MQTT defaults (outbox, snapshots) live in the state directory, so a bad
        // one is reported for them too and would hide the Mqtt message checked there.
        var run = CliProcess.Run("run", "--duration", "5s", "--Model:Path=/no/model.onnx", "--State:Directory=relative/state");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("config: State:Directory: 'relative/state' must be an absolute path", run.Error);
        Assert.DoesNotContain("model file not found", run.Error);
    }

    [Fact]
    public void Gpio_section_without_a_chip_stops_at_start_naming_the_chip()
    {
        var run = CliProcess.Run("run", "--duration", "5s", "--Camera:Source=synthetic", "--Gpio:Chip=7", "--Gpio:StatusLed:Pin=17");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot open GPIO chip gpiochip7", run.Error);
    }

    [Fact]
    public void Missing_config_file_and_stray_arguments_are_named()
    {
        Assert.Contains("/no/config.json: configuration file not found", CliProcess.Run("run", "--config", "/no/config.json").Error);
        var stray = CliProcess.Run("run", "Camera:Source=files");
        Assert.Equal(2, stray.ExitCode);
        Assert.Contains("unexpected argument 'Camera:Source=files'", stray.Error);
    }

    [Fact]
    public void Missing_model_file_is_exit_code_2()
    {
        var run = CliProcess.Run("run", "--duration", "5s", "--Camera:Source=synthetic", "--Model:Path=/no/model.onnx");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("/no/model.onnx: model file not found.", run.Error);
    }
}

/// <summary>Runs alone: timed runs of the real service must not compete with other tests for the two cores.</summary>
[CollectionDefinition(nameof(TimedRunCollection), DisableParallelization = true)]
public class TimedRunCollection;

[Collection(nameof(TimedRunCollection))]
public class TimedRunTests
{
    [Fact]
    public void Twenty_seconds_on_the_files_source_reports_consistent_stats_and_names_the_right_labels()
    {
        const string model = "mobilenet_v1_0.5_160_quant.onnx";
        using var dir = new TempDirectory();
        var run = CliProcess.Run(
            TimeSpan.FromMinutes(2),
            new Dictionary<string, string> { ["STATE_DIRECTORY"] = dir.File("state") },
            "run", "--duration", "20s",
            "--stats-out", dir.File("stats.json"), "--decisions-out", dir.File("decisions.jsonl"),
            "--Camera:Source=files", $"--Camera:Path={Path.Combine(SharedAssets.ModelsDirectory, "images")}", "--Camera:Fps=10",
            $"--Model:Path={SharedAssets.OnnxModel(model)}", "--Decision:Mode=instant");

        Assert.Equal(0, run.ExitCode);
        using var stats = JsonDocument.Parse(File.ReadAllText(dir.File("stats.json")));
        JsonElement root = stats.RootElement;
        Assert.True(root.GetProperty("framesProcessed").GetInt64() >= 150, $"processed {root.GetProperty("framesProcessed")}");
        // Whether frames met the budget is a speed figure (see the note and `bench`), not a test assertion; here the
        // accounting must add up.
        Assert.InRange(root.GetProperty("misses").GetInt64(), 0, root.GetProperty("framesProcessed").GetInt64());
        // drops = frames skipped here + frames the source skipped (sequence gaps, not captured at all)
        Assert.Equal(
            root.GetProperty("framesCaptured").GetInt64() + root.GetProperty("driverDrops").GetInt64(),
            root.GetProperty("framesProcessed").GetInt64() + root.GetProperty("drops").GetInt64());
        Assert.True(root.GetProperty("stages").GetProperty("total").GetProperty("p99").GetDouble() <= root.GetProperty("stages").GetProperty("total").GetProperty("max").GetDouble());
        Assert.Contains("\"framesCaptured\"", run.Output);
        // The MQTT outbox (the embedded broker is on by default) lives in the state directory.
        Assert.True(File.Exists(dir.File("state/mqtt-outbox.db")), "no outbox in $STATE_DIRECTORY");

        // Every decision names the model's reference top-1 for the file it was taken on.
        var expected = SharedAssets.Expected.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("model").GetString() == model && !r.GetProperty("image").GetString()!.EndsWith(".rgb", StringComparison.Ordinal))
            .ToDictionary(r => Path.GetFileName(r.GetProperty("image").GetString()!), r => r.GetProperty("top5")[0].GetProperty("label").GetString());
        string[] lines = File.ReadAllLines(dir.File("decisions.jsonl"));
        Assert.True(lines.Length >= 10, $"only {lines.Length} decisions");
        foreach (string line in lines)
        {
            using var decision = JsonDocument.Parse(line);
            string frame = decision.RootElement.GetProperty("frame").GetString()!;
            JsonElement label = decision.RootElement.GetProperty("label");
            bool ambiguous = decision.RootElement.GetProperty("ambiguous").GetBoolean();
            if (!ambiguous && label.ValueKind == JsonValueKind.String)
            {
                Assert.Equal(expected[frame], label.GetString());
            }
        }
    }
}
