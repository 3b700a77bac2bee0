using System.Text.Json.Serialization;

namespace EdgeClassifier.Selection;

/// <summary>
/// How <see cref="ModelSelectionCache"/> is written and read (camelCase, indented), generated at compile time: no
/// reflection, so a Native AOT build keeps its choice across restarts too.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ModelSelectionCache))]
internal sealed partial class ModelSelectionCacheJson : JsonSerializerContext;
