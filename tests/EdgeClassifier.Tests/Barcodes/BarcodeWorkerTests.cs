using EdgeClassifier.Barcodes;
using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Hardware.Camera.Files;
using EdgeClassifier.Hardware.Camera.Synthetic;
using EdgeClassifier.Pipeline;
using EdgeClassifier.Outputs;
using EdgeClassifier.Tests.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeClassifier.Tests.Barcodes;

public class BarcodeWorkerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(PixelFormat.Yuyv)]
    [InlineData(PixelFormat.Nv12)]
    [InlineData(PixelFormat.Grey)]
    public void Photos_as_camera_frames_are_read_with_the_service_defaults(PixelFormat format)
    {
        var sink = new CollectingBarcodeSink();
        using var worker = BarcodeTestKit.Worker(sink, new BarcodeOptions { Enabled = true, RepeatSeconds = 0 });
        // (set, listed normal count, misreads allowed). qrcode-2/16.png nests a small QR code inside a large one;
        // scaled down, the inner (a real code, other text) is what is read, so that set allows one other text.
        foreach (var (set, listed, allowed) in new[] { ("ean13-3", 53, 0), ("upca-2", 28, 2), ("upce-2", 31, 1), ("ean8-1", 8, 0), ("code128-1", 6, 0), ("qrcode-2", 32, 1), ("datamatrix-1", 22, 0) })
        {
            using var source = new ImageFileFrameSource(Path.Combine(SharedAssets.BarcodesDirectory, set), 1000, loop: false, layout: new CameraLayout(format, 640, 480));
            source.Start();
            int read = 0, misread = 0;
            while (source.TryAcquire(TimeSpan.FromSeconds(5), out Frame frame) == FrameWaitResult.Frame)
            {
                string expected = File.ReadAllText(Path.Combine(source.Path, Path.ChangeExtension(frame.Name!, ".txt")));
                int before = sink.Scans.Count;
                worker.Offer(frame.Image, frame.Sequence, DateTimeOffset.UtcNow);
                source.Release();
                Assert.True(worker.WaitIdle(Wait));
                string[] texts = [.. sink.Scans.Skip(before).Select(scan => scan.Code.Text)];
                if (texts.Length > 0)
                {
                    _ = texts.Contains(expected) ? read++ : misread++;
                }
            }

            // Scaled into a 640x480 frame a photo loses detail or gains it; most of the listed count must survive.
            Assert.True(read >= listed * 9 / 10, $"{format} {set}: {read} read, listed {listed}.");
            Assert.True(misread <= allowed, $"{format} {set}: {misread} misreads, {allowed} allowed.");
        }
    }

    [Fact]
    public void No_code_is_reported_in_a_thousand_frames_of_photos_and_the_test_pattern()
    {
        var sink = new CollectingBarcodeSink();
        using var worker = BarcodeTestKit.Worker(sink, new BarcodeOptions { Enabled = true, RepeatSeconds = 0 });
        using var photos = new ImageFileFrameSource(Path.Combine(SharedAssets.ModelsDirectory, "images"), 1000, loop: true, layout: new CameraLayout(PixelFormat.Yuyv, 640, 480));
        using var pattern = new SyntheticFrameSource(640, 480, 1000, PixelFormat.Nv12);
        photos.Start();
        pattern.Start();
        for (int i = 0; i < 1000; i++)
        {
            IFrameSource source = i % 2 == 0 ? photos : pattern;
            Assert.Equal(FrameWaitResult.Frame, source.TryAcquire(TimeSpan.FromSeconds(5), out Frame frame));
            worker.Offer(frame.Image, i, DateTimeOffset.UtcNow);
            source.Release();
            Assert.True(worker.WaitIdle(Wait));
        }

        Assert.Equal(1000, worker.Decoded);
        Assert.Empty(sink.Scans);
    }

    [Fact]
    public void A_code_held_in_view_is_one_scan_and_shown_again_after_the_repeat_window_another()
    {
        var time = new EdgeClassifier.Tests.Gpio.ManualTimeProvider();
        var sink = new CollectingBarcodeSink();
        var classification = new ScanClassification("banana", 0.9f, false);
        using var worker = BarcodeTestKit.Worker(sink, new BarcodeOptions { Enabled = true, RepeatSeconds = 3 }, () => classification, time);
        using var source = new ImageFileFrameSource(Path.Combine(SharedAssets.BarcodesDirectory, "qrcode-2", "1.png"), 1000, loop: true, layout: new CameraLayout(PixelFormat.Grey, 640, 480));
        source.Start();
        void Show(int frames)
        {
            for (int i = 0; i < frames; i++)
            {
                Assert.Equal(FrameWaitResult.Frame, source.TryAcquire(TimeSpan.FromSeconds(5), out Frame frame));
                worker.Offer(frame.Image, frame.Sequence, DateTimeOffset.UtcNow);
                source.Release();
                Assert.True(worker.WaitIdle(Wait));
                time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        Show(10);
        BarcodeScan scan = Assert.Single(sink.Scans);
        Assert.Equal(File.ReadAllText(Path.Combine(SharedAssets.BarcodesDirectory, "qrcode-2", "1.txt")), scan.Code.Text);
        Assert.Equal("QR_CODE", scan.Code.Format);
        Assert.Equal(classification, scan.Classification);

        time.Advance(TimeSpan.FromSeconds(3));
        Show(1);
        Assert.Equal(2, sink.Scans.Count);
    }

    [Fact]
    public void Frames_offered_faster_than_decoded_replace_the_waiting_one()
    {
        var sink = new CollectingBarcodeSink();
        using var worker = BarcodeTestKit.Worker(sink, new BarcodeOptions { Enabled = true, TryInverted = true });
        using var pattern = new SyntheticFrameSource(640, 480, 1000, PixelFormat.Yuyv);
        pattern.Start();
        for (int i = 0; i < 200; i++)
        {
            Assert.Equal(FrameWaitResult.Frame, pattern.TryAcquire(TimeSpan.FromSeconds(5), out Frame frame));
            worker.Offer(frame.Image, frame.Sequence, DateTimeOffset.UtcNow);
            pattern.Release();
        }

        Assert.True(worker.WaitIdle(Wait));
        Assert.Equal(200, worker.Offered);
        Assert.True(worker.Replaced > 0, "a decode takes longer than a copy, so some frames must have been replaced");
        Assert.Equal(200, worker.Decoded + worker.Replaced);
    }

    [Theory]
    [InlineData(PixelFormat.Yuyv)]
    [InlineData(PixelFormat.Nv12)]
    public void The_frame_thread_allocates_nothing_while_the_decoder_runs(PixelFormat format)
    {
        // The reader as the service composes it (AddEdgeBarcodes), decoding every frame and trying inverted codes too.
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Barcode:Enabled"] = "true",
            ["Barcode:MaxRate"] = "0",
            ["Barcode:TryInverted"] = "true",
        }).Build();
        using ServiceProvider services = new ServiceCollection().AddLogging().AddEdgeBarcodes(configuration).BuildServiceProvider();
        var worker = services.GetRequiredService<BarcodeWorker>();
        using var source = new SyntheticFrameSource(640, 480, 1000, format);
        using ClassifierSet model = PipelineFixtures.Model("mobilenet_v1_0.25_128_quant.onnx", classification: new ClassificationOptions { ScoreThreshold = 1f, AmbiguityMargin = 0f });
        var stats = new PipelineStats();
        var loop = new FrameLoop(source, new PipelineModels(model, null), new PipelineOptions { BudgetMs = 10_000 }, stats,
            [.. services.GetServices<IDecisionSink>(), new CollectingSink()], NullLogger.Instance)
        {
            Taps = [.. services.GetServices<IFrameTap>()],
        };
        Assert.Single(loop.Taps);
        source.Start();
        for (int i = 0; i < 50; i++)
        {
            loop.Step();
        }

        long offered = worker.Offered;
        long decoded = worker.Decoded;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            loop.Step();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1000, worker.Offered - offered);
        Assert.True(worker.Decoded > decoded, "the decoder ran beside the frame loop");
        Assert.Equal(0, allocated);
    }
}
