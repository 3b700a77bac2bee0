using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EdgeClassifier.Tests.Hosting;

namespace EdgeClassifier.Tests.Web;

/// <summary>
/// The labelling API of the real service while it collects (<see cref="CollectingService"/>): who may see and who may
/// change, moves that keep the sidecar with its image, and identifiers from outside that never reach a path.
/// </summary>
[Collection(nameof(LiveWebCollection))]
public sealed class LabellingApiTests(CollectingService collecting) : IClassFixture<CollectingService>
{
    private const string Viewer = "viewer:view-pw";
    private const string Operator = "operator:op-pw";

    [Fact]
    public async Task Strangers_get_401_on_the_page_and_every_labelling_path()
    {
        string id = (await FramesAsync("macaw"))[0].Id;
        using HttpClient stranger = collecting.Client(null);
        using HttpClient wrong = collecting.Client("viewer:wrong");

        foreach (HttpClient http in new[] { stranger, wrong })
        {
            foreach (string path in new[] { "/labels", "/api/collected", "/api/collected/frames?folder=macaw", "/api/collected/image?id=" + Uri.EscapeDataString(id) })
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(path)).StatusCode);
            }

            Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(http, "move", new JsonObject { ["id"] = id, ["to"] = "daisy" })).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(http, "delete", new JsonObject { ["id"] = id })).StatusCode);
        }

        Assert.True(File.Exists(OnDisk(id)));
    }

    [Fact]
    public async Task A_viewer_sees_the_folders_frames_scores_and_images_but_gets_403_on_move_and_delete()
    {
        using HttpClient viewer = collecting.Client(Viewer);

        JsonNode collected = JsonNode.Parse(await viewer.GetStringAsync("/api/collected"))!;
        Assert.Contains("macaw", collected["folders"]!.AsArray().Select(f => (string)f!["name"]!));
        Assert.Contains("daisy", collected["labels"]!.AsArray().Select(l => (string)l!));
        JsonNode page = JsonNode.Parse(await viewer.GetStringAsync("/api/collected/frames?folder=macaw&limit=2"))!;
        Assert.True((int)page["total"]! >= 1);
        JsonNode frame = page["frames"]![0]!;
        string id = (string)frame["id"]!;
        Assert.StartsWith("macaw/a_parrot_", id);
        Assert.Equal("macaw", (string?)frame["sidecar"]!["label"]);
        Assert.Equal(LiveService.Model, (string?)frame["sidecar"]!["model"]);
        Assert.True((double)frame["sidecar"]!["top"]![1]!["score"]! > 0);

        using HttpResponseMessage image = await viewer.GetAsync((string)frame["image"]!);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/jpeg", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(OnDisk(id)), await image.Content.ReadAsByteArrayAsync());
        using HttpResponseMessage html = await viewer.GetAsync("/labels");
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);

        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(viewer, "move", new JsonObject { ["id"] = id, ["to"] = "daisy" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(viewer, "delete", new JsonObject { ["id"] = id })).StatusCode);
        Assert.True(File.Exists(OnDisk(id)));
        Assert.True(File.Exists(Path.ChangeExtension(OnDisk(id), ".json")));
    }

    [Fact]
    public async Task An_operator_moves_a_frame_with_its_sidecar_to_another_label_and_deletes_one()
    {
        using HttpClient op = collecting.Client(Operator);
        string id = (await FramesAsync("macaw"))[0].Id;
        byte[] sidecar = await File.ReadAllBytesAsync(Path.ChangeExtension(OnDisk(id), ".json"));

        // Without the header a cross-site form cannot send, nothing moves.
        using (var form = new HttpRequestMessage(HttpMethod.Post, "/api/collected/move") { Content = JsonContent.Create(new JsonObject { ["id"] = id, ["to"] = "daisy" }) })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await op.SendAsync(form)).StatusCode);
        }

        Assert.True(File.Exists(OnDisk(id)));

        using HttpResponseMessage moved = await PostAsync(op, "move", new JsonObject { ["id"] = id, ["to"] = "daisy" });

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        string movedId = (string)JsonNode.Parse(await moved.Content.ReadAsStringAsync())!["id"]!;
        Assert.Equal("daisy/" + id["macaw/".Length..], movedId);
        Assert.False(File.Exists(OnDisk(id)));
        Assert.False(File.Exists(Path.ChangeExtension(OnDisk(id), ".json")));
        Assert.True(File.Exists(OnDisk(movedId)));
        Assert.Equal(sidecar, await File.ReadAllBytesAsync(Path.ChangeExtension(OnDisk(movedId), ".json")));
        Assert.Contains(await FramesAsync("daisy"), f => f.Id == movedId);

        // A second operator's click on the same, now moved frame.
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(op, "move", new JsonObject { ["id"] = id, ["to"] = "daisy" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(op, "move", new JsonObject { ["id"] = movedId, ["to"] = "not a label" })).StatusCode);

        using HttpResponseMessage deleted = await PostAsync(op, "delete", new JsonObject { ["id"] = movedId });
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.False(File.Exists(OnDisk(movedId)));
        Assert.False(File.Exists(Path.ChangeExtension(OnDisk(movedId), ".json")));
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(op, "delete", new JsonObject { ["id"] = movedId })).StatusCode);
    }

    [Fact]
    public async Task Traversal_attempts_and_malformed_identifiers_get_400_and_touch_nothing()
    {
        using HttpClient op = collecting.Client(Operator);
        string id = (await FramesAsync("macaw"))[0].Id;
        string name = id[(id.LastIndexOf('/') + 1)..];
        // A frame-named file beside the collection directory: what a traversal would reach.
        string bait = Path.Combine(collecting.Outside, name);
        File.Copy(OnDisk(id), bait, overwrite: true);

        string[] badIds =
        [
            $"../{name}", $"macaw/../../{name}", $"macaw/../{name}", $"/{name}", $"macaw//{name}", $"macaw/a/b/{name}",
            $"macaw/..\\..\\{name}", "macaw/passwd", $"macaw/{Path.ChangeExtension(name, ".json")}", "macaw", "",
        ];
        foreach (string bad in badIds)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await op.GetAsync("/api/collected/image?id=" + Uri.EscapeDataString(bad))).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(op, "move", new JsonObject { ["id"] = bad, ["to"] = "daisy" })).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(op, "delete", new JsonObject { ["id"] = bad })).StatusCode);
        }

        foreach (string target in new[] { "..", "../outside", "a/b", "a\\b", ".hidden", new string('x', 200), "", "macaw" })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(op, "move", new JsonObject { ["id"] = id, ["to"] = target })).StatusCode);
        }

        foreach (string query in new[] { "folder=..", "folder=%2E%2E", "folder=a%2Fb", "folder=", "folder=macaw&limit=0", "folder=macaw&limit=100000", "folder=macaw&offset=-1" })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await op.GetAsync("/api/collected/frames?" + query)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(op, "move", new JsonObject { ["id"] = 5, ["to"] = "daisy" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(op, "move", new JsonObject { ["id"] = id, ["to"] = 5 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await op.GetAsync("/api/collected/frames?folder=no-such-folder")).StatusCode);
        Assert.True(File.Exists(bait));
        Assert.True(File.Exists(OnDisk(id)));
        Assert.Equal(new[] { "collected", name, "users" }.Order(), Directory.GetFileSystemEntries(collecting.Outside).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task With_collecting_off_every_labelling_path_answers_404()
    {
        using var progress = new FrameFlowProgress();
        await using var web = new InProcessWeb(progress);
        await web.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(web.BaseUrl) };

        foreach (string path in new[] { "/api/collected", "/api/collected/frames?folder=macaw", "/api/collected/image?id=macaw%2F20261202T144858.919Z-1.jpg" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(path)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(http, "delete", new JsonObject { ["id"] = "macaw/20261202T144858.919Z-1.jpg" })).StatusCode);
    }

    private string OnDisk(string id) => Path.Combine([collecting.Collected, .. id.Split('/')]);

    private async Task<IReadOnlyList<(string Id, JsonNode Sidecar)>> FramesAsync(string folder)
    {
        using HttpClient viewer = collecting.Client(Viewer);
        JsonNode page = JsonNode.Parse(await viewer.GetStringAsync($"/api/collected/frames?folder={folder}&limit=200"))!;
        return [.. page["frames"]!.AsArray().Select(f => ((string)f!["id"]!, f["sidecar"]!))];
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string action, JsonObject body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/collected/" + action) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-EdgeClassifier-Control", "1");
        return http.SendAsync(request);
    }
}
