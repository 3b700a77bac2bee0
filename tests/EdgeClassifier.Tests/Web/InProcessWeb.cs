using EdgeClassifier.Outputs.Mqtt;
using EdgeClassifier.Outputs.Snapshots;
using EdgeClassifier.Pipeline;
using EdgeClassifier.Security;
using EdgeClassifier.Web;
using EdgeClassifier.Web.Live;
using EdgeClassifier.Web.Metrics;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeClassifier.Tests.Web;

/// <summary>
/// The real web server in this process over parts the test controls: the pipeline's progress (a test hook that
/// can stall), its stats, and the frame buffer the snapshot tap fills.
/// </summary>
internal sealed class InProcessWeb : IAsyncDisposable
{
    private readonly PipelineInstruments _instruments;

    public InProcessWeb(IPipelineProgress progress, WebOptions? options = null)
    {
        Port = Mqtt.MosquittoBroker.FreePort();
        Options = options ?? new WebOptions { Urls = [$"http://127.0.0.1:{Port}"], StallSeconds = 1 };
        Frames = new LatestFrameBuffer();
        Demand = new FrameCopyDemand();
        var thumbnails = new EventThumbnails(Frames);
        Feed = new DecisionFeed(thumbnails);
        Stream = new LiveStream(Frames, Demand, Options, NullLogger<LiveStream>.Instance);
        _instruments = new PipelineInstruments(Stats, null);
        Histograms = new StageHistograms(33);
        var parts = new WebParts
        {
            Stats = Stats,
            Progress = progress,
            Feed = Feed,
            Stream = Stream,
            Thumbnails = thumbnails,
            Frames = Frames,
            Info = new ServiceInfo(() => throw new InvalidOperationException("no model in this test"), Stats),
            StatsDocument = new StatsDocument(Stats, null),
            Commands = () => new PipelineCommands(null, () => CommandResult.Fail("no snapshots in this test")),
            Users = UserStore.Empty,
        };
        Server = new WebServer(Options, parts, Status, _instruments, Histograms, NullLoggerFactory.Instance);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public WebOptions Options { get; }

    public PipelineStats Stats { get; } = new();

    public WebStatus Status { get; } = new();

    public LatestFrameBuffer Frames { get; }

    public FrameCopyDemand Demand { get; }

    public DecisionFeed Feed { get; }

    public LiveStream Stream { get; }

    public StageHistograms Histograms { get; }

    public WebServer Server { get; }

    public async Task StartAsync()
    {
        await Server.StartAsync(CancellationToken.None);
        await Feed.StartAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Feed.StopAsync(CancellationToken.None);
        await Server.StopAsync(CancellationToken.None);
        await Server.DisposeAsync();
        Stream.Dispose();
        Histograms.Dispose();
        _instruments.Dispose();
        Feed.Dispose();
    }
}
