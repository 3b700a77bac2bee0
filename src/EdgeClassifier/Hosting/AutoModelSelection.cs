using System.Globalization;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Inference;
using EdgeClassifier.Pipeline;
using EdgeClassifier.Selection;
using EdgeClassifier.State;

namespace EdgeClassifier.Hosting;

/// <summary>
/// <c>Model:Select=auto</c> in the service: measures the candidates on frames from the configured camera source
/// (files and synthetic frames as configured; a V4L2 device through <c>bench</c>'s own V4L2 source, before the
/// service opens it; rpicam as synthetic frames of its size) with the service's threads, providers and budget, and
/// keeps the choice in <c>State:Directory</c>.
/// </summary>
/// <param name="options">The configuration as it is now.</param>
internal sealed class AutoModelSelection(CurrentOptions options)
{
    /// <summary>The model file to run from the folder <paramref name="model"/> names.</summary>
    /// <exception cref="ArgumentException">No model in the folder could be measured.</exception>
    public string Choose(ModelOptions model)
    {
        RuntimeOptions runtime = options.Get<RuntimeOptions>();
        var settings = new ModelSelectionSettings(
            Path.GetFullPath(model.Path!),
            options.Get<PipelineOptions>().BudgetMs,
            BenchSourceOf(options.Get<CameraOptions>()),
            model.SelectFrames,
            runtime.Threads,
            runtime.Providers is { Length: > 0 } providers ? string.Join(',', providers) : "cpu",
            model.SelectDataset is { Length: > 0 } dataset ? Path.GetFullPath(dataset) : null);
        string cacheFile = options.Get<StateOptions>().PathFor(StartupModelSelector.CacheFileName);
        return new StartupModelSelector(cacheFile, line => Console.Error.WriteLine("edgeclassifier: " + line)).Select(settings);
    }

    /// <summary>The camera options as a <c>bench --source</c> text.</summary>
    internal static string BenchSourceOf(CameraOptions camera) => FrameSourceFactory.ResolveSource(camera) switch
    {
        "files" => $"files:{Path.GetFullPath(camera.Path!)}",
        "v4l2" when !string.IsNullOrWhiteSpace(camera.Device) => $"v4l2:{camera.Device}",
        "v4l2" => "v4l2",
        _ => string.Create(CultureInfo.InvariantCulture, $"synthetic:{camera.Width}x{camera.Height}:{camera.PixelFormat ?? "YUYV"}"),
    };
}
