using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace EdgeClassifier.Tests.Web;

/// <summary>
/// The real service (<see cref="LiveService"/>: parrot → "macaw", sunflower → "daisy") collecting every frame
/// (<c>Collect:AmbiguityMargin=1</c>) into a fresh directory until it holds <c>Collect:MaxFiles</c> images, with a
/// viewer and an operator (<c>viewer:view-pw</c>, <c>operator:op-pw</c>). Ready once both label folders hold frames.
/// </summary>
public sealed class CollectingService : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private LiveService? _service;

    /// <summary><c>Collect:Directory</c>.</summary>
    public string Collected => _directory.File("collected");

    /// <summary>A folder beside <see cref="Collected"/>, for files that must stay out of reach.</summary>
    public string Outside => _directory.Path;

    public LiveService Service => _service ?? throw new InvalidOperationException("not started");

    /// <summary>The settings that make the service collect every frame into <paramref name="directory"/>.</summary>
    public static string[] CollectSettings(string directory, int maxFiles) =>
        ["--Collect:Enabled=true", "--Collect:AmbiguityMargin=1", "--Collect:IntervalMs=0", $"--Collect:Directory={directory}", $"--Collect:MaxFiles={maxFiles}"];

    public async Task InitializeAsync()
    {
        _service = new LiveService(4, 4, [.. LanAccessTests.Users(_directory), .. CollectSettings(Collected, 12)]);
        await _service.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        using HttpClient http = Client("viewer:view-pw");
        await WaitForFoldersAsync(http, TimeSpan.FromSeconds(60), "macaw", "daisy");
    }

    public Task DisposeAsync()
    {
        _service?.Dispose();
        _directory.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A client of the service signed in as <paramref name="credentials"/> (<c>user:password</c>), or anonymous.</summary>
    public HttpClient Client(string? credentials)
    {
        var http = new HttpClient { BaseAddress = new Uri(Service.BaseUrl), Timeout = TimeSpan.FromSeconds(15) };
        if (credentials is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }

        return http;
    }

    /// <summary>Waits (bounded) until <c>/api/collected</c> lists every one of <paramref name="folders"/> with frames in it.</summary>
    public static async Task WaitForFoldersAsync(HttpClient http, TimeSpan timeout, params string[] folders)
    {
        string last = "";
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < timeout; await Task.Delay(250))
        {
            last = await http.GetStringAsync("/api/collected");
            var listed = JsonNode.Parse(last)!["folders"]!.AsArray().Where(f => (int)f!["count"]! > 0).Select(f => (string)f!["name"]!).ToHashSet();
            if (folders.All(listed.Contains))
            {
                return;
            }
        }

        throw new TimeoutException($"/api/collected never listed {string.Join(", ", folders)}: {last}");
    }
}
