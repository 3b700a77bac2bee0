using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeClassifier.Fleet;

public sealed partial class RolloutStore
{
    /// <summary>
    /// How the state file is written and read (web defaults, indented), generated at compile time: no reflection, so a
    /// Native AOT build keeps rollouts across restarts too.
    /// </summary>
    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
    [JsonSerializable(typeof(State))]
    private sealed partial class StateJson : JsonSerializerContext;
}
