using Microsoft.Playwright;

namespace EdgeClassifier.Tests.Web;

/// <summary>
/// The labelling page in a real browser (Debian's Chromium through Playwright) against the real service collecting
/// the frames of two photos: an operator moves a frame to another label through the page, and the image and its
/// sidecar are then in that label's folder on disk.
/// </summary>
[Collection(nameof(LiveWebCollection))]
public class LabellingPageBrowserTests
{
    [Fact]
    public async Task An_operator_moves_a_collected_frame_to_another_label_on_the_page_and_it_lands_in_that_folder()
    {
        using var directory = new TempDirectory();
        string collected = directory.File("collected");
        using var service = new LiveService(4, 4, CollectingService.CollectSettings(collected, 8));
        await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        using (var http = new HttpClient { BaseAddress = new Uri(service.BaseUrl) })
        {
            await CollectingService.WaitForFoldersAsync(http, TimeSpan.FromSeconds(60), "daisy", "macaw");
        }

        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            IPage page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 960 } });
            var errors = new List<string>();
            page.PageError += (_, error) => errors.Add(error);
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    errors.Add(message.Text);
                }
            };

            // The live page links the labelling page while collecting is on.
            await page.GotoAsync(service.BaseUrl + "/", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
            await page.Locator("#labels-link").ClickAsync(new() { Timeout = 10_000 });
            await page.WaitForURLAsync(service.BaseUrl + "/labels");

            // Folders by name: "daisy" first and open; its frames show their image and top-1 score.
            await page.Locator("#folders button[data-folder='macaw']").WaitForAsync(new() { Timeout = 10_000 });
            Assert.Equal("true", await page.Locator("#folders button[data-folder='daisy']").GetAttributeAsync("aria-current"));
            ILocator card = page.Locator("#frames li.frame").First;
            await card.WaitForAsync(new() { Timeout = 10_000 });
            await page.WaitForFunctionAsync("() => { const i = document.querySelector('#frames li.frame img'); return i && i.complete && i.naturalWidth > 0; }", null, new() { Timeout = 10_000 });
            Assert.Matches(@"^daisy · \d+\.\d % · ambiguous$", await card.Locator(".top1").TextContentAsync());
            string id = (await card.GetAttributeAsync("data-id"))!;
            Assert.StartsWith("daisy/b_sunflower_", id);
            string[] parts = id.Split('/');

            await card.Locator("select.target").SelectOptionAsync("macaw");
            await card.Locator("button.move").ClickAsync();
            string moved = "macaw/" + string.Join('/', parts[1..]);
            await page.WaitForFunctionAsync("expected => document.getElementById('result').textContent === expected", $"moved {id} to {moved}", new() { Timeout = 10_000 });

            string image = Path.Combine([collected, .. moved.Split('/')]);
            Assert.True(File.Exists(image), $"{image} is not on disk");
            Assert.True(File.Exists(Path.ChangeExtension(image, ".json")), "the sidecar did not follow the image");
            Assert.False(File.Exists(Path.Combine([collected, .. parts])));
            await page.Locator($"#frames li.frame[data-id='{id}']").WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 10_000 });

            // The macaw folder now shows it among the parrots.
            await page.Locator("#folders button[data-folder='macaw']").ClickAsync();
            await page.Locator($"#frames li.frame[data-id='{moved}']").WaitForAsync(new() { Timeout = 10_000 });
            await page.WaitForFunctionAsync("id => { const i = document.querySelector(`#frames li.frame[data-id='${id}'] img`); return i.complete && i.naturalWidth > 0; }", moved, new() { Timeout = 10_000 });
            await SaveScreenshotAsync(page);
            Assert.Empty(errors);
        }
    }

    /// <summary>The page as the README shows it: written to docs/ when UPDATE_DOCS_SCREENSHOT=1, else to a temp file.</summary>
    private static async Task SaveScreenshotAsync(IPage page)
    {
        string path = Environment.GetEnvironmentVariable("UPDATE_DOCS_SCREENSHOT") == "1"
            ? Path.Combine(SharedAssets.RepositoryRoot, "docs", "web-labelling.png")
            : Path.Combine(Path.GetTempPath(), "edgeclassifier-web-labelling.png");
        await page.ScreenshotAsync(new() { Path = path });
    }
}
