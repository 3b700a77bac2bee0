using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using EdgeClassifier.Outputs.Snapshots;
using SkiaSharp;

namespace EdgeClassifier.Tests.Mqtt;

[Collection(MqttCollection.Name)]
public sealed class SnapshotTests
{
    [Fact]
    public async Task Watched_label_event_names_a_JPEG_file_that_exists_before_the_event_arrives()
    {
        using var directory = new TempDirectory();
        using var broker = MosquittoBroker.Start(directory);
        await using var service = await MqttServiceHarness.StartAsync(MqttServiceHarness.OptionsFor(broker.Port, directory));
        await service.WaitIdleAsync();
        var topics = service.Service.Topics;
        string snapshotDirectory = service.Options.Snapshot.Directory;
        await using var probe = await MqttProbe.ConnectAsync(broker.Port, topics.Events, topics.Snapshot);
        var existedOnArrival = new ConcurrentDictionary<string, bool>();
        probe.OnReceived = message =>
        {
            if (message.Topic == topics.Events && (string?)JsonNode.Parse(message.Text)!["snapshot"] is { } file)
            {
                existedOnArrival[file] = File.Exists(Path.Combine(snapshotDirectory, file));
            }
        };

        service.Frames.Offer(HalfRedHalfBlue(128, 96), 128, 96, sequence: 77);
        service.Frames.Offer(new byte[128 * 96 * 3], 128, 96, sequence: 78); // a later, black frame
        service.Service.Decisions.Publish(MqttServiceHarness.Decision("cat", 77));

        var eventMessage = await probe.WaitForAsync(topics.Events);
        string name = (string)JsonNode.Parse(eventMessage.Text)!["snapshot"]!;
        Assert.True(existedOnArrival[name], "the snapshot file must be on disk before its event is published");
        var jpeg = await probe.WaitForAsync(topics.Snapshot);
        Assert.Equal(File.ReadAllBytes(Path.Combine(snapshotDirectory, name)), jpeg.Payload);

        using var image = SKBitmap.Decode(jpeg.Payload);
        Assert.NotNull(image);
        Assert.Equal((64, 48), (image.Width, image.Height)); // Mqtt:Snapshot:Width = 64 keeps the aspect ratio
        AssertClose(new SKColor(255, 0, 0), image.GetPixel(8, 24));
        AssertClose(new SKColor(0, 0, 255), image.GetPixel(56, 24));

        // A label that is not watched gets no snapshot.
        service.Service.Decisions.Publish(MqttServiceHarness.Decision("dog", 79));
        var update = await probe.WaitForAsync(topics.Events, m => m.Text.Contains("\"sequence\":79"));
        Assert.Null((string?)JsonNode.Parse(update.Text)!["snapshot"]);
    }

    [Fact]
    public void Retention_removes_the_oldest_files_beyond_the_count_and_files_past_the_age()
    {
        using var directory = new TempDirectory();
        var options = new SnapshotOptions { Directory = directory.File("snapshots"), MaxFiles = 3, MaxAgeHours = 1 };
        var store = new SnapshotStore(options, TimeProvider.System);
        string stale = Path.Combine(options.Directory, "20000101T000000.000Z_00000001_old.jpg");
        File.WriteAllBytes(stale, [1]);
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-2));

        var names = Enumerable.Range(1, 5).Select(i => store.Save([0xFF, 0xD8, (byte)i], "cat", i)).ToList();

        var left = Directory.GetFiles(options.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(names.Skip(2), left);
    }

    private static byte[] HalfRedHalfBlue(int width, int height)
    {
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = ((y * width) + x) * 3;
                rgb[i] = (byte)(x < width / 2 ? 255 : 0);
                rgb[i + 2] = (byte)(x < width / 2 ? 0 : 255);
            }
        }

        return rgb;
    }

    private static void AssertClose(SKColor expected, SKColor actual)
    {
        Assert.True(Math.Abs(expected.Red - actual.Red) < 40 && Math.Abs(expected.Green - actual.Green) < 40 &&
                    Math.Abs(expected.Blue - actual.Blue) < 40, $"expected about {expected}, got {actual}");
    }
}
