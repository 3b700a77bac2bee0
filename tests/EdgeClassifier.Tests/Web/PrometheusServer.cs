using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace EdgeClassifier.Tests.Web;

/// <summary>Debian's Prometheus on a free loopback port, scraping one target every second; killed on dispose.</summary>
internal sealed class PrometheusServer : IDisposable
{
    public const string Executable = "/usr/bin/prometheus";

    private readonly TempDirectory _directory = new();
    private readonly Process _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public PrometheusServer(string target, string? basicAuthUser = null, string? basicAuthPassword = null)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: install Debian's prometheus package (scripts/test.sh does)");
        Port = Mqtt.MosquittoBroker.FreePort();
        string auth = basicAuthUser is null ? string.Empty : $"\n    basic_auth:\n      username: {basicAuthUser}\n      password: {basicAuthPassword}";
        File.WriteAllText(_directory.File("prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: edgeclassifier
                scrape_timeout: 900ms
                static_configs:
                  - targets: ['{target}']{auth}
            """);
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in (string[])[$"--config.file={_directory.File("prometheus.yml")}", $"--storage.tsdb.path={_directory.File("data")}",
            $"--web.listen-address=127.0.0.1:{Port}"])
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>The value of an instant query's first series, or null when it has none (yet).</summary>
    public async Task<double?> QueryAsync(string query)
    {
        try
        {
            string json = await _http.GetStringAsync($"http://127.0.0.1:{Port}/api/v1/query?query={Uri.EscapeDataString(query)}");
            using var document = JsonDocument.Parse(json);
            JsonElement result = document.RootElement.GetProperty("data").GetProperty("result");
            return result.GetArrayLength() == 0
                ? null
                : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Polls <paramref name="query"/> until it has a value that satisfies <paramref name="accept"/>.</summary>
    public async Task<double?> WaitForAsync(string query, Func<double, bool> accept, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        double? value = null;
        while (clock.Elapsed < timeout)
        {
            value = await QueryAsync(query);
            if (value is { } v && accept(v))
            {
                return v;
            }

            await Task.Delay(500);
        }

        return value;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        _http.Dispose();
        _directory.Dispose();
    }
}
