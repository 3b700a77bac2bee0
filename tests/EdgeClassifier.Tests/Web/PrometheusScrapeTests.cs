using System.Diagnostics;
using Xunit.Abstractions;

namespace EdgeClassifier.Tests.Web;

/// <summary>A real Prometheus scrapes the real service's <c>/metrics</c>, and promtool accepts what it serves.</summary>
[Collection(nameof(LiveWebCollection))]
public class PrometheusScrapeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Prometheus_scrapes_the_service_and_sees_frames_processed_grow()
    {
        using var service = new LiveService(fps: 10, framesPerPhoto: 10);
        await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        using var prometheus = new PrometheusServer($"127.0.0.1:{service.Port}");

        Assert.Equal(1, await prometheus.WaitForAsync("up{job=\"edgeclassifier\"}", v => v == 1, TimeSpan.FromSeconds(30)));
        double? first = await prometheus.WaitForAsync("edgeclassifier_frames_processed_total", _ => true, TimeSpan.FromSeconds(10));
        Assert.NotNull(first);
        double? later = await prometheus.WaitForAsync("edgeclassifier_frames_processed_total", v => v > first, TimeSpan.FromSeconds(10));
        Assert.True(later > first, $"edgeclassifier_frames_processed_total stayed at {first}");

        double? inference = await prometheus.WaitForAsync(
            "histogram_quantile(0.5, rate(edgeclassifier_stage_duration_seconds_bucket{stage=\"inference\"}[10s]))", v => v > 0, TimeSpan.FromSeconds(10));
        output.WriteLine($"Prometheus: inference p50 {inference * 1000:F2} ms (histogram_quantile over 10 s)");

        using var http = new HttpClient();
        string metrics = await http.GetStringAsync(service.BaseUrl + "/metrics");
        var check = Promtool.CheckMetrics(metrics);
        Assert.True(check.ExitCode == 0, $"promtool check metrics failed ({check.ExitCode}): {check.Output}");
    }
}

/// <summary>Runs <c>promtool check metrics</c> on a metrics text.</summary>
internal static class Promtool
{
    public static (int ExitCode, string Output) CheckMetrics(string metrics)
    {
        var start = new ProcessStartInfo("/usr/bin/promtool", "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(metrics);
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            return (-1, "promtool did not finish in 30 s");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
