using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace EdgeClassifier.Tests.Web;

/// <summary>Runs alone: the real service and a real browser share the two cores with nothing else.</summary>
[CollectionDefinition(nameof(LiveWebCollection), DisableParallelization = true)]
public class LiveWebCollection;

/// <summary>
/// The live page in a real browser (Debian's Chromium through Playwright) against the real service on the files
/// source: two photos alternate every two seconds.
/// </summary>
[Collection(nameof(LiveWebCollection))]
public class LivePageBrowserTests
{
    [Fact]
    public async Task Page_shows_the_live_image_its_label_and_events_and_pause_stops_decisions()
    {
        using var service = new LiveService(fps: 4, framesPerPhoto: 8);
        await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            IPage page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 960 } });
            var errors = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    errors.Add(message.Text);
                }
            };
            page.PageError += (_, error) => errors.Add(error);
            await page.GotoAsync(service.BaseUrl + "/", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
            ILocator live = page.Locator("#live");
            ILocator label = page.Locator("#label");
            await page.WaitForFunctionAsync("() => document.getElementById('live').naturalWidth > 0", null, new() { Timeout = 15_000 });

            // The live image changes: a later screenshot differs from the first (photos alternate every 2 s).
            byte[] firstShot = await live.ScreenshotAsync();
            bool differs = false;
            for (var wait = Stopwatch.StartNew(); !differs && wait.Elapsed < TimeSpan.FromSeconds(8);)
            {
                await Task.Delay(500);
                byte[] shot = await live.ScreenshotAsync();
                differs = !Enumerable.SequenceEqual(firstShot, shot);
            }

            Assert.True(differs, "every screenshot of the live image over 8 s was the same");

            // The label on screen follows the photo on screen: within one second of each change of photo. The page
            // is sampled ten times a second (the photo read from the image element through a canvas, which is
            // faster than a screenshot and so times the change more closely).
            var matcher = new PhotoMatcher();
            var clock = Stopwatch.StartNew();
            var seen = new List<string>();
            string? shown = null;
            TimeSpan changedAt = TimeSpan.Zero;
            bool matched = true;
            int changes = 0;
            while (clock.Elapsed < TimeSpan.FromSeconds(20) && changes < 4)
            {
                PageSample sample = await SampleAsync(page);
                string photo = matcher.Match(sample.Thumb);
                seen.Add($"{clock.Elapsed.TotalSeconds:F1}s {photo} '{sample.Label}'");
                if (photo != shown)
                {
                    // (The label may lead the image: it comes with the decision, the image with the next stream frame.)
                    changes += shown is null ? 0 : 1;
                    (shown, changedAt, matched) = (photo, clock.Elapsed, false);
                }

                if (sample.Label == LiveService.LabelOf(photo))
                {
                    matched = true;
                }
                else if (!matched && clock.Elapsed - changedAt > TimeSpan.FromSeconds(1))
                {
                    Assert.Fail($"{clock.Elapsed - changedAt} after the photo changed to {photo}, the page still says '{sample.Label}': {string.Join(", ", seen)}");
                }

                await Task.Delay(100);
            }

            Assert.True(changes >= 2, $"the photo changed {changes} time(s) in 20 s; expected a change every 2 s: {string.Join(", ", seen)}");

            // The events list grows as labels change.
            int events = await page.Locator("#events li").CountAsync();
            await page.WaitForFunctionAsync($"() => document.querySelectorAll('#events li').length > {events}", null, new() { Timeout = 6_000 });
            Assert.True(await page.Locator("#events li img").CountAsync() > 0, "events have no thumbnails");
            Assert.True(await page.Locator("#scans-panel").IsHiddenAsync(), "the scans list shows while the barcode reader is off");
            using (var http = new HttpClient())
            {
                Assert.Equal(System.Net.HttpStatusCode.NoContent, (await http.GetAsync(service.BaseUrl + "/api/scans")).StatusCode);
            }

            await SaveScreenshotAsync(page, matcher);

            // Pause from the page: the decision stream goes quiet; resume: decisions come again.
            using var decisions = await DecisionStream.OpenAsync(service.BaseUrl);
            await page.ClickAsync("#pause");
            await page.WaitForFunctionAsync("() => document.getElementById('control-result').textContent === 'pause: done'", null, new() { Timeout = 5_000 });
            await Task.Delay(500);
            long before = decisions.Count;
            await Task.Delay(TimeSpan.FromSeconds(4.5));
            Assert.Equal(before, decisions.Count);
            await page.ClickAsync("#resume");
            await page.WaitForFunctionAsync("() => document.getElementById('control-result').textContent === 'resume: done'", null, new() { Timeout = 5_000 });
            Assert.True(await decisions.WaitForMoreThanAsync(before, TimeSpan.FromSeconds(6)), "no decision after resume");

            Assert.Empty(errors);
        }
    }

    /// <summary>The live image shrunk to 8x8 RGBA through a canvas, and the label shown, in one go.</summary>
    private const string SampleScript = """
        () => {
          const canvas = document.createElement('canvas');
          canvas.width = 8; canvas.height = 8;
          const g = canvas.getContext('2d');
          g.drawImage(document.getElementById('live'), 0, 0, 8, 8);
          return { thumb: Array.from(g.getImageData(0, 0, 8, 8).data), label: document.getElementById('label').textContent.trim() };
        }
        """;

    /// <summary>What <see cref="SampleScript"/> returns.</summary>
    private sealed record PageSample(int[] Thumb, string Label);

    /// <summary>The page as the README shows it: written to docs/ when UPDATE_DOCS_SCREENSHOT=1, else to a temp file.</summary>
    private static async Task SaveScreenshotAsync(IPage page, PhotoMatcher matcher)
    {
        // Taken while the label on screen is the one of the photo on screen (not mid-change).
        for (int i = 0; i < 50 && !await ShowsItsLabelAsync(page, matcher); i++)
        {
            await Task.Delay(100);
        }

        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        string path = Environment.GetEnvironmentVariable("UPDATE_DOCS_SCREENSHOT") == "1"
            ? Path.Combine(SharedAssets.RepositoryRoot, "docs", "web-live-view.png")
            : Path.Combine(Path.GetTempPath(), "edgeclassifier-web-live-view.png");
        await page.ScreenshotAsync(new() { Path = path });
    }

    private static async Task<bool> ShowsItsLabelAsync(IPage page, PhotoMatcher matcher)
    {
        PageSample sample = await SampleAsync(page);
        return sample.Label == LiveService.LabelOf(matcher.Match(sample.Thumb));
    }

    private static async Task<PageSample> SampleAsync(IPage page)
    {
        JsonElement result = await page.EvaluateAsync<JsonElement>(SampleScript);
        return new PageSample([.. result.GetProperty("thumb").EnumerateArray().Select(v => v.GetInt32())], result.GetProperty("label").GetString() ?? string.Empty);
    }
}
