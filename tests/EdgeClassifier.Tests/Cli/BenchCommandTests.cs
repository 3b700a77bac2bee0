using System.Text.Json;

namespace EdgeClassifier.Tests.Cli;

/// <summary>The real <c>edgeclassifier bench</c> process: its JSON report parses and its numbers agree with each other.</summary>
public class BenchCommandTests
{
    private static readonly string Model = SharedAssets.OnnxModel("mobilenet_v1_0.25_128_quant.onnx");
    private static readonly string[] Stages = ["captureToInput", "preprocess", "inference", "decision", "total"];

    [Fact]
    public void Barcodes_option_measures_the_frame_path_again_with_the_reader_beside_it()
    {
        var run = CliProcess.Run("bench", "--model", Model, "--runs", "60", "--warmup", "5", "--barcodes", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        JsonElement barcodes = json.RootElement.GetProperty("barcodes");
        Assert.Equal(7, barcodes.GetProperty("formats").GetArrayLength());
        Assert.Equal(60, barcodes.GetProperty("frames").GetInt32());
        long decoded = barcodes.GetProperty("decoded").GetInt64();
        Assert.True(decoded > 0, "the reader decoded frames while the frame path was measured");
        Assert.Equal(decoded, barcodes.GetProperty("decode").GetProperty("count").GetInt32());
        JsonElement decode = barcodes.GetProperty("decode");
        Assert.True(decode.GetProperty("p50").GetDouble() > 0 && decode.GetProperty("p50").GetDouble() <= decode.GetProperty("p99").GetDouble());
        Assert.Equal(60, barcodes.GetProperty("total").GetProperty("count").GetInt32());
        Assert.True(barcodes.GetProperty("inference").GetProperty("p50").GetDouble() > 0);
    }

    [Fact]
    public void Json_report_is_consistent_and_names_the_provider_that_ran()
    {
        var run = CliProcess.Run("bench", "--model", Model, "--runs", "60", "--warmup", "5", "--threads", "1", "--providers", "cuda,cpu", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("provider cuda skipped", run.Error);
        Assert.DoesNotContain("measuring", run.Error);
        using var json = JsonDocument.Parse(run.Output);
        JsonElement report = json.RootElement;
        Assert.Equal("cpu", report.GetProperty("provider").GetString());
        Assert.Equal("mobilenet_v1_0.25_128_quant.onnx", report.GetProperty("model").GetString());
        Assert.Equal("synthetic:640x480:YUYV", report.GetProperty("source").GetString());
        Assert.Equal(60, report.GetProperty("frames").GetInt32());
        Assert.Equal(5, report.GetProperty("warmupFrames").GetInt32());
        Assert.True(report.GetProperty("loadMs").GetDouble() > 0);
        Assert.True(report.GetProperty("firstInferenceMs").GetDouble() > 0);
        Assert.True(report.GetProperty("peakResidentBytes").GetInt64() > 10 << 20);
        double seconds = report.GetProperty("seconds").GetDouble();
        Assert.Equal(60 / seconds, report.GetProperty("fps").GetDouble(), 0.05 * 60 / seconds);
        Assert.InRange(report.GetProperty("misses").GetInt32(), 0, 60);

        foreach (string name in Stages)
        {
            JsonElement stage = report.GetProperty("stages").GetProperty(name);
            double Get(string key) => stage.GetProperty(key).GetDouble();
            Assert.Equal(60, stage.GetProperty("count").GetInt32());
            Assert.True(Get("min") <= Get("avg") && Get("avg") <= Get("max"), $"{name}: min ≤ avg ≤ max");
            Assert.True(Get("min") <= Get("p50") && Get("p50") <= Get("p95") && Get("p95") <= Get("p99") && Get("p99") <= Get("max"), $"{name}: percentiles in order");
            Assert.True(Get("std") >= 0);
        }

        double StageAvg(string name) => report.GetProperty("stages").GetProperty(name).GetProperty("avg").GetDouble();
        Assert.True(StageAvg("total") >= StageAvg("preprocess") + StageAvg("inference"), "total covers its stages");
    }

    [Fact]
    public void Duration_measures_for_that_long_from_image_files()
    {
        var run = CliProcess.Run("bench", "--model", Model, "--source", "files:" + SharedAssets.Image("parrot.jpg"), "--duration", "1s", "--warmup", "2", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        JsonElement report = json.RootElement;
        int frames = report.GetProperty("frames").GetInt32();
        Assert.True(frames > 0);
        Assert.Equal(frames, report.GetProperty("stages").GetProperty("total").GetProperty("count").GetInt32());
        Assert.InRange(report.GetProperty("seconds").GetDouble(), 1.0, 5.0);
        Assert.Equal(0, report.GetProperty("allocatedBytesPerFrame").GetDouble());
    }

    [Fact]
    public void Text_report_shows_every_stage_and_progress_goes_to_stderr()
    {
        var run = CliProcess.Run("bench", "--model", Model, "--runs", "20", "--warmup", "1");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("bench: ", run.Error);
        Assert.Contains(run.OutputLines, l => l.StartsWith("provider     cpu", StringComparison.Ordinal));
        foreach (string label in new[] { "capture-to-input", "preprocess", "inference", "decision", "total" })
        {
            Assert.Contains(run.OutputLines, l => l.StartsWith(label + " ", StringComparison.Ordinal) && l.Contains(" 20 "));
        }
    }

    [Theory]
    [InlineData("--providers", "tpu", "--providers: 'tpu' is not a known execution provider; allowed: qnn, tensorrt, cuda")]
    [InlineData("--source", "webcam", "--source 'webcam' is not a source")]
    [InlineData("--runs", "0", "--runs must be 1 or more, got 0.")]
    [InlineData("--duration", "soon", "--duration 'soon' is not a duration")]
    public void Bad_options_exit_2_naming_the_option(string option, string value, string message)
    {
        var run = CliProcess.Run("bench", "--model", Model, option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
    }

    [Fact]
    public void Runs_and_duration_together_are_refused()
    {
        var run = CliProcess.Run("bench", "--model", Model, "--runs", "5", "--duration", "1s");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("give --runs or --duration, not both", run.Error);
    }
}
