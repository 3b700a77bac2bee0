using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Outputs.Collection;
using EdgeClassifier.Web.Labelling;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeClassifier.Tests.Web;

/// <summary>
/// The labelling step on a collection the real collector wrote (JPEG + sidecar per frame, a photo subfolder per
/// source file): listing, moving with the sidecar, deleting, and what it refuses.
/// </summary>
public sealed class CollectedFramesTests : IDisposable
{
    private static readonly string[] Labels = ["cat", "dog", "bird"];
    private readonly TempDirectory _temp = new();
    private readonly byte[] _pixels = Enumerable.Range(0, 64 * 48 * 3).Select(i => (byte)i).ToArray();

    public CollectedFramesTests()
    {
        // Three frames the model calls cat (photo a.png), two it calls dog (photo b.png).
        var options = new CollectOptions { AmbiguityMargin = 1, IntervalMs = 0, QueueLength = 1 };
        var store = new CollectedFrameStore(Root, options.MaxFiles, 1 << 30, 0, 90);
        using (var collector = new FrameCollector(options, store, () => "test.onnx", NullLogger.Instance))
        {
            long sequence = 0;
            foreach (var (scores, photo, count) in new[] { (new[] { 0.5f, 0.3f, 0.2f }, "a.png", 3), ([0.3f, 0.5f, 0.2f], "b.png", 2) })
            {
                for (int i = 0; i < count; i++, sequence++)
                {
                    var frame = new Frame(new ImageView(_pixels, PixelFormat.Rgb24, 64, 48), sequence, 1, photo);
                    ((EdgeClassifier.Pipeline.IFrameTap)collector).Offer(frame, Rank(scores), 1 + (sequence * 1000));
                    // One slot: the writer empties it before the next frame, and the time in each name differs.
                    long saved = sequence + 1;
                    Assert.True(SpinWait.SpinUntil(() => store.Saved == saved, TimeSpan.FromSeconds(30)), $"the collector wrote {store.Saved} of {saved} frames");
                    Thread.Sleep(2);
                }
            }
        }

        Frames = new CollectedFrames(Root, () => Labels);
    }

    private string Root => _temp.File("collected");

    private CollectedFrames Frames { get; }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Lists_the_label_folders_with_counts_and_a_folders_frames_newest_first_with_their_sidecars()
    {
        Assert.Equal(new[] { new CollectedFolder("cat", 3), new CollectedFolder("dog", 2) }, Frames.Folders());
        Assert.Equal(Labels, Frames.LabelFolders());

        CollectedFramePage page = Frames.Frames("cat", 0, 2)!;

        Assert.Equal(3, page.Total);
        Assert.Equal(2, page.Frames.Count);
        Assert.All(page.Frames, f => Assert.Equal("a", f.Id.Group));
        Assert.Equal(new[] { 2L, 1L }, page.Frames.Select(f => (long)f.Sidecar!["sequence"]!));
        Assert.Equal("cat", (string?)page.Frames[0].Sidecar!["label"]);
        Assert.Equal(0.5, (double)page.Frames[0].Sidecar!["score"]!, 4);
        Assert.Equal(0, (long)Frames.Frames("cat", 2, 10)!.Frames.Single().Sidecar!["sequence"]!);
        Assert.Null(Frames.Frames("bird", 0, 10));
        Assert.StartsWith(Path.Combine(Root, "cat", "a") + "/", Frames.ImagePath(page.Frames[0].Id));
    }

    [Fact]
    public void A_move_takes_the_sidecar_into_the_same_photo_subfolder_of_the_target_and_removes_the_emptied_folders()
    {
        CollectedFrameId[] dogs = [.. Frames.Frames("dog", 0, 10)!.Frames.Select(f => f.Id)];
        string sidecar = File.ReadAllText(Path.ChangeExtension(Frames.ImagePath(dogs[0])!, ".json"));

        // "bird" is a label of the model without a folder yet.
        LabelOutcome moved = Frames.Move(dogs[0], "bird");

        Assert.Equal(LabelChange.Done, moved.Change);
        Assert.Equal($"bird/b/{dogs[0].Name}", moved.Id!.ToString());
        string image = Path.Combine(Root, "bird", "b", dogs[0].Name);
        Assert.True(File.Exists(image));
        Assert.Equal(sidecar, File.ReadAllText(Path.ChangeExtension(image, ".json")));
        Assert.False(File.Exists(Path.Combine(Root, "dog", "b", dogs[0].Name)));
        Assert.False(File.Exists(Path.Combine(Root, "dog", "b", Path.ChangeExtension(dogs[0].Name, ".json"))));

        // The last dog frame goes to an existing folder: "dog" is left empty and removed (train refuses an empty label).
        Assert.Equal(LabelChange.Done, Frames.Move(dogs[1], "cat").Change);
        Assert.False(Directory.Exists(Path.Combine(Root, "dog")));
        Assert.Equal(new[] { new CollectedFolder("bird", 1), new CollectedFolder("cat", 4) }, Frames.Folders());
    }

    [Fact]
    public void A_frame_gone_meanwhile_is_not_found_and_an_image_still_without_its_sidecar_is_a_conflict_for_a_few_seconds()
    {
        CollectedFrameId[] cats = [.. Frames.Frames("cat", 0, 10)!.Frames.Select(f => f.Id)];
        Assert.Equal(LabelChange.Done, Frames.Move(cats[0], "dog").Change);
        Assert.Equal(LabelChange.NotFound, Frames.Move(cats[0], "dog").Change);
        Assert.Equal(LabelChange.NotFound, Frames.Delete(cats[0]).Change);
        Assert.Equal(LabelChange.Done, Frames.Delete(cats[1]).Change);
        Assert.False(File.Exists(Path.Combine(Root, "cat", "a", cats[1].Name)));
        Assert.False(File.Exists(Path.Combine(Root, "cat", "a", Path.ChangeExtension(cats[1].Name, ".json"))));

        // As the collector leaves a frame between writing its image and its sidecar.
        string sidecar = Path.Combine(Root, "cat", "a", Path.ChangeExtension(cats[2].Name, ".json"));
        File.Delete(sidecar);
        Assert.Equal(LabelChange.Conflict, Frames.Move(cats[2], "dog").Change);
        Assert.Equal(LabelChange.Conflict, Frames.Delete(cats[2]).Change);

        // Long without a sidecar (copied in by hand): the image moves on its own.
        File.SetLastWriteTimeUtc(Path.Combine(Root, "cat", "a", cats[2].Name), DateTime.UtcNow.AddMinutes(-1));
        Assert.Equal(LabelChange.Done, Frames.Move(cats[2], "dog").Change);
        Assert.True(File.Exists(Path.Combine(Root, "dog", "a", cats[2].Name)));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../outside")]
    [InlineData("dog/..")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData(".hidden")]
    [InlineData(" dog")]
    [InlineData("")]
    [InlineData("line\nbreak")]
    [InlineData("fish")]
    public void A_move_to_anything_but_an_existing_folder_or_a_model_label_is_refused(string target)
    {
        CollectedFrameId cat = Frames.Frames("cat", 0, 1)!.Frames[0].Id;

        Assert.Equal(LabelChange.BadTarget, Frames.Move(cat, target).Change);
        Assert.Equal(LabelChange.BadTarget, Frames.Move(cat, new string('x', CollectedFrameId.MaxFolderLength + 1)).Change);
        Assert.Equal(3, Frames.Frames("cat", 0, 10)!.Total);
        Assert.Equal(new[] { "cat", "dog" }, Directory.GetDirectories(Root).Select(Path.GetFileName).Order());
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("cat/../../20261202T144858.919Z-1.jpg")]
    [InlineData("cat/a/../20261202T144858.919Z-1.jpg")]
    [InlineData("/cat/20261202T144858.919Z-1.jpg")]
    [InlineData("cat//20261202T144858.919Z-1.jpg")]
    [InlineData("cat/a/b/20261202T144858.919Z-1.jpg")]
    [InlineData("cat/a\\..\\20261202T144858.919Z-1.jpg")]
    [InlineData("cat/20261202T144858.919Z-1.json")]
    [InlineData("cat/photo.jpg")]
    [InlineData("cat/20261202T144858.919Z-1.jpg\n")]
    [InlineData("cat/２0261202T144858.919Z-1.jpg")]
    [InlineData("cat")]
    [InlineData("")]
    public void Ids_that_are_not_a_collected_frames_place_do_not_parse(string id) => Assert.Null(CollectedFrameId.Parse(id));

    [Fact]
    public void A_label_folder_that_is_a_symbolic_link_is_neither_listed_nor_served_nor_a_target()
    {
        string outside = Directory.CreateDirectory(_temp.File("outside")).FullName;
        string image = Directory.GetFiles(Path.Combine(Root, "cat", "a"), "*.jpg")[0];
        File.Copy(image, Path.Combine(outside, Path.GetFileName(image)));
        Directory.CreateSymbolicLink(Path.Combine(Root, "bird"), outside);
        var linked = CollectedFrameId.Parse($"bird/{Path.GetFileName(image)}")!;

        Assert.DoesNotContain(Frames.Folders(), f => f.Name == "bird");
        Assert.Null(Frames.Frames("bird", 0, 10));
        Assert.Null(Frames.ImagePath(linked));
        Assert.Equal(LabelChange.NotFound, Frames.Delete(linked).Change);
        Assert.Equal(LabelChange.BadTarget, Frames.Move(Frames.Frames("cat", 0, 1)!.Frames[0].Id, "bird").Change);
        Assert.Single(Directory.GetFiles(outside));
    }

    private static ClassificationResult Rank(float[] scores)
    {
        var ranker = new ResultRanker(Labels, new ClassificationOptions());
        ClassificationResult result = ranker.CreateResult();
        ranker.Rank(scores, result);
        return result;
    }
}
