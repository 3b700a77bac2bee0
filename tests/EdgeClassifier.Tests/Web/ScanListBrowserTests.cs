using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace EdgeClassifier.Tests.Web;

/// <summary>
/// The page's list of recent scans, filled by the real service reading codes from its camera frames (the files
/// source over a barcode photo and a photo without one), in a real browser.
/// </summary>
[Collection(nameof(LiveWebCollection))]
public class ScanListBrowserTests
{
    [Fact]
    public async Task Page_lists_the_codes_the_running_service_read_in_the_one_scan_shape()
    {
        using var frames = new TempDirectory();
        string code = Path.Combine(SharedAssets.BarcodesDirectory, "ean13-3", "01.png");
        string expected = File.ReadAllText(Path.ChangeExtension(code, ".txt")).Trim();
        File.CreateSymbolicLink(frames.File("a_code.png"), code);
        File.CreateSymbolicLink(frames.File("b_owl.jpg"), SharedAssets.Image("owl.jpg"));
        using var service = new LiveService(4, 4, "--Barcode:Enabled=true", "--Barcode:Formats=EAN_13", $"--Camera:Path={frames.Path}");
        await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));

        JsonElement scan = await FirstScanAsync(service.BaseUrl, TimeSpan.FromSeconds(30));
        Assert.Equal(expected, scan.GetProperty("text").GetString());
        Assert.Equal("EAN_13", scan.GetProperty("format").GetString());
        Assert.True(scan.GetProperty("sequence").GetInt64() >= 0);
        Assert.True(scan.GetProperty("points").GetArrayLength() > 0);
        Assert.True(scan.TryGetProperty("classification", out _));

        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            IPage page = await browser.NewPageAsync();
            var errors = new List<string>();
            page.PageError += (_, error) => errors.Add(error);
            await page.GotoAsync(service.BaseUrl + "/", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
            await page.WaitForFunctionAsync("() => document.querySelectorAll('#scans li').length > 0", null, new() { Timeout = 10_000 });
            Assert.True(await page.Locator("#scans-panel").IsVisibleAsync());
            Assert.Equal(expected, (await page.Locator("#scans li .code").First.TextContentAsync())?.Trim());
            Assert.Contains("EAN_13", await page.Locator("#scans li .when").First.TextContentAsync());
            Assert.Empty(errors);
        }
    }

    private static async Task<JsonElement> FirstScanAsync(string baseUrl, TimeSpan timeout)
    {
        using var http = new HttpClient();
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < timeout; await Task.Delay(250))
        {
            using JsonDocument scans = JsonDocument.Parse(await http.GetStringAsync(baseUrl + "/api/scans"));
            if (scans.RootElement.GetArrayLength() > 0)
            {
                return scans.RootElement[0].Clone();
            }
        }

        throw new TimeoutException($"no scan in /api/scans within {timeout}");
    }
}
