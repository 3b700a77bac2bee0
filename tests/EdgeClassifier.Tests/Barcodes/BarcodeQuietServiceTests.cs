using System.Diagnostics;
using System.Text.RegularExpressions;
using EdgeClassifier.Tests.Cli;
using EdgeClassifier.Tests.Fleet;

namespace EdgeClassifier.Tests.Barcodes;

/// <summary>The real service reading frames without any code: the shared classification photos and the synthetic pattern.</summary>
[Collection(nameof(TimedRunCollection))]
public sealed partial class BarcodeQuietServiceTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [Theory]
    [InlineData("files", "YUYV")]
    [InlineData("synthetic", "NV12")]
    public void Five_hundred_frames_without_a_code_give_no_scan(string source, string pixelFormat)
    {
        // Two runs of at least 500 decoded frames each: 1,000 frames that must not produce a single scan.
        using var directory = new TempDirectory();
        using var service = ServiceProcess.Start(directory.Path,
            "run", $"--Camera:Source={source}", $"--Camera:Path={Path.Combine(SharedAssets.ModelsDirectory, "images")}",
            $"--Camera:PixelFormat={pixelFormat}", "--Camera:Fps=60", "--Mqtt:Enabled=false", $"--State:Directory={directory.File("state")}",
            $"--Model:Path={SharedAssets.OnnxModel("mobilenet_v1_0.25_128_quant.onnx")}", $"--Model:Labels={SharedAssets.LabelsFile}",
            "--Pipeline:StatsIntervalSeconds=2", "--Barcode:Enabled=true", "--Barcode:MaxRate=0");

        var clock = Stopwatch.StartNew();
        while (Decoded(service.Output) < 500 && clock.Elapsed < Limit && !service.HasExited)
        {
            Thread.Sleep(500);
        }

        service.Stop();
        Match summary = Stopped().Match(service.Output);
        Assert.True(summary.Success, service.Output);
        Assert.True(int.Parse(summary.Groups["decoded"].Value) >= 500, summary.Value);
        Assert.Equal("0", summary.Groups["scans"].Value);
        Assert.DoesNotContain("Barcode: ", service.Output);
    }

    private static int Decoded(string output) =>
        Counters().Matches(output).Select(m => int.Parse(m.Groups["decoded"].Value)).DefaultIfEmpty(0).Max();

    [GeneratedRegex(@"Barcode reader: (?<decoded>\d+) frames decoded")]
    private static partial Regex Counters();

    [GeneratedRegex(@"Barcode reader stopped: (?<decoded>\d+) frames decoded, \d+ replaced by newer ones, (?<scans>\d+) scans")]
    private static partial Regex Stopped();
}
