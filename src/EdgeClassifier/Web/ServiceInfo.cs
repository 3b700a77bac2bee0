using System.Text.Json.Nodes;
using EdgeClassifier.Inference;
using EdgeClassifier.Outputs.Mqtt;
using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Web;

/// <summary>
/// <c>/api/info</c>: <c>{version, model, modelVersion, labelsCount, provider, camera: {source, pixelFormat, width,
/// height}}</c>, read from the model in use and the last frame the camera delivered.
/// </summary>
public sealed class ServiceInfo(Func<ModelContract> activeModel, PipelineStats stats)
{
    /// <summary>The document as it is now.</summary>
    public JsonObject Build()
    {
        ModelContract model = activeModel();
        var (format, width, height) = stats.CameraFrame;
        return new JsonObject
        {
            ["version"] = HomeAssistantDiscovery.SoftwareVersion,
            ["model"] = model.Name,
            ["modelVersion"] = model.Metadata.TryGetValue("version", out string? version) ? version : null,
            ["labelsCount"] = model.ClassCount,
            ["provider"] = model.Provider,
            ["camera"] = new JsonObject
            {
                ["source"] = stats.Source,
                ["pixelFormat"] = width == 0 ? null : format.ToString(),
                ["width"] = width,
                ["height"] = height,
            },
        };
    }
}
