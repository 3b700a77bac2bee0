using System.Diagnostics;
using System.Net;
using System.Text;

namespace EdgeClassifier.Tests.Web;

/// <summary>
/// The real service (<c>edgeclassifier run</c>) in a child process on the files source, cycling two shared photos
/// (parrot → "macaw", sunflower → "daisy"), with its web server on a free loopback port. Killed on dispose.
/// Each photo is linked several times so it stays on screen for a while at a frame rate above 2 fps (below
/// that, the wait between frames passes the pipeline's acquire timeout and the camera reads as lost).
/// </summary>
public sealed class LiveService : IDisposable
{
    public const string Model = "mobilenet_v1_0.5_160_quant.onnx";

    /// <summary>The label the model gives the photo a frame shows, by the frame's file name.</summary>
    public static string LabelOf(string frame) => frame.StartsWith("a_parrot", StringComparison.Ordinal) ? "macaw" : "daisy";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TempDirectory _directory = new();

    /// <param name="fps">Frames a second the files source plays.</param>
    /// <param name="framesPerPhoto">How many frames in a row show the same photo.</param>
    /// <param name="extra">More <c>--Section:Key=value</c> settings.</param>
    public LiveService(double fps, int framesPerPhoto, params string[] extra)
        : this(fps, framesPerPhoto, [], extra)
    {
    }

    /// <param name="fps">Frames a second the files source plays.</param>
    /// <param name="framesPerPhoto">How many frames in a row show the same photo.</param>
    /// <param name="alsoListenOn">Addresses (beside loopback) the web server listens on, at the same port.</param>
    /// <param name="extra">More <c>--Section:Key=value</c> settings.</param>
    public LiveService(double fps, int framesPerPhoto, IReadOnlyList<string> alsoListenOn, params string[] extra)
    {
        string images = Directory.CreateDirectory(_directory.File("photos")).FullName;
        for (int i = 0; i < framesPerPhoto; i++)
        {
            File.CreateSymbolicLink(Path.Combine(images, $"a_parrot_{i:D2}.jpg"), SharedAssets.Image("parrot.jpg"));
            File.CreateSymbolicLink(Path.Combine(images, $"b_sunflower_{i:D2}.bmp"), SharedAssets.Image("sunflower.bmp"));
        }

        Port = Mqtt.MosquittoBroker.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _directory.Path,
        };
        start.Environment["STATE_DIRECTORY"] = _directory.File("state");
        foreach (string arg in (string[])[
            Path.Combine(AppContext.BaseDirectory, "edgeclassifier.dll"), "run", "--duration", "5m",
            "--Camera:Source=files", $"--Camera:Path={images}", $"--Camera:Fps={fps.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            $"--Model:Path={SharedAssets.OnnxModel(Model)}", "--Decision:Mode=instant", "--Mqtt:Enabled=false",
            // A budget no busy test machine misses: degrading would thin the frames the test times.
            "--Pipeline:BudgetMs=2000",
            $"--Web:Urls={string.Join(',', [BaseUrl, .. alsoListenOn.Select(UrlOn)])}", .. extra])
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>The web server's address on <paramref name="host"/> (an IPv4 or IPv6 literal).</summary>
    public string UrlOn(string host) => host.Contains(':') ? $"http://[{host}]:{Port}" : $"http://{host}:{Port}";

    /// <summary>What the service printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) until <c>/readyz</c> answers 200.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the service exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await http.GetAsync($"{BaseUrl}/readyz")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or busy starting.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the service was not ready within {timeout}:\n{Output}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        _directory.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
