using EdgeClassifier.Barcodes;
using EdgeClassifier.Outputs.Mqtt;
using EdgeClassifier.Outputs.Snapshots;
using EdgeClassifier.Pipeline;
using EdgeClassifier.Security;
using EdgeClassifier.Web.Labelling;
using EdgeClassifier.Web.Live;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeClassifier.Web;

/// <summary>
/// The objects of the main host that the web server's endpoints use. The web server has its own small container
/// (Kestrel's); these are handed into it as they are, so both sides share one pipeline, one feed, one stream.
/// </summary>
public sealed class WebParts
{
    /// <summary>The pipeline's counters.</summary>
    public required PipelineStats Stats { get; init; }

    /// <summary>Frame-loop progress, for liveness.</summary>
    public required IPipelineProgress Progress { get; init; }

    /// <summary>Decisions and recent events.</summary>
    public required DecisionFeed Feed { get; init; }

    /// <summary>The MJPEG stream's encoder.</summary>
    public required LiveStream Stream { get; init; }

    /// <summary>Thumbnails of recent events.</summary>
    public required EventThumbnails Thumbnails { get; init; }

    /// <summary>Copies of recent frames.</summary>
    public required ISnapshotFrameProvider Frames { get; init; }

    /// <summary>The <c>/api/info</c> document.</summary>
    public required ServiceInfo Info { get; init; }

    /// <summary>The <c>/api/stats</c> document.</summary>
    public required StatsDocument StatsDocument { get; init; }

    /// <summary>The commands the controls run (the ones MQTT runs when it is on).</summary>
    public required Func<PipelineCommands> Commands { get; init; }

    /// <summary>Who may sign in.</summary>
    public required UserStore Users { get; init; }

    /// <summary>The recent barcode scans, or null when the barcode reader is off.</summary>
    public RecentScans? Scans { get; init; }

    /// <summary>The collected frames for the labelling page, or null when collecting is off.</summary>
    public CollectedFrames? Collected { get; init; }

    /// <summary>Where snapshot files are, or null.</summary>
    public string? SnapshotDirectory { get; init; }

    /// <summary>Adds every part to the web server's container.</summary>
    public void Register(IServiceCollection services)
    {
        services.AddSingleton(Stats);
        services.AddSingleton(Progress);
        services.AddSingleton(Feed);
        services.AddSingleton(Stream);
        services.AddSingleton(Thumbnails);
        services.AddSingleton(Frames);
        services.AddSingleton(Info);
        services.AddSingleton(StatsDocument);
        services.AddSingleton(Commands);
        services.AddSingleton(Users);
    }
}
