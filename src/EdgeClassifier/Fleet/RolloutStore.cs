using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeClassifier.Fleet;

/// <summary>
/// What rollouts decided, kept in <c>&lt;state&gt;/models/rollout.json</c> so it survives restarts: the accepted model
/// and the one before it (for <c>rollback</c>), the last offered version, and the <c>Model:Path</c> that was configured
/// when the model was accepted — if the configuration names another model later, the configuration wins.
/// </summary>
public sealed partial class RolloutStore
{
    private readonly string _file;
    private readonly Lock _lock = new();
    private State _state;

    /// <summary>Opens (or starts) the store in <paramref name="directory"/>.</summary>
    public RolloutStore(string directory)
    {
        Directory = directory;
        _file = Path.Combine(directory, "rollout.json");
        _state = Load(_file);
    }

    /// <summary>The folder downloads and the state file live in.</summary>
    public string Directory { get; }

    /// <summary>The accepted model, or null while the configured one runs.</summary>
    public InstalledModel? Active
    {
        get { lock (_lock) { return _state.Active; } }
    }

    /// <summary>What <c>rollback</c> returns to: a previous rollout, or null for the configured model.</summary>
    public InstalledModel? Previous
    {
        get { lock (_lock) { return _state.Previous; } }
    }

    /// <summary>Whether a <c>rollback</c> has anything to go back to.</summary>
    public bool CanRollBack
    {
        get { lock (_lock) { return _state.Active is not null; } }
    }

    /// <summary>The last offer received (installed or not), as command arguments.</summary>
    public JsonObject? Offer
    {
        get { lock (_lock) { return _state.Offer?.DeepClone().AsObject(); } }
    }

    /// <summary>The version of the last offer.</summary>
    public string? OfferedVersion => (string?)Offer?["version"];

    /// <summary>
    /// The model to run given the configured <paramref name="configuredPath"/>: the accepted one while the
    /// configuration still names the model it was accepted over, else null (and the rollout is forgotten, with
    /// <paramref name="note"/> saying why).
    /// </summary>
    public InstalledModel? Resolve(string configuredPath, out string? note)
    {
        note = null;
        lock (_lock)
        {
            if (_state.Active is not { } active)
            {
                return null;
            }

            if (!string.Equals(_state.ConfiguredPath, configuredPath, StringComparison.Ordinal))
            {
                note = $"Model:Path changed from '{_state.ConfiguredPath}' to '{configuredPath}' since model {active.Version} was rolled out; the configuration wins";
                _state = _state with { Active = null, Previous = null, ConfiguredPath = configuredPath };
                Save();
                return null;
            }

            if (!File.Exists(active.Path))
            {
                note = $"rolled-out model {active.Version} ({active.Path}) is gone; running the configured model";
                _state = _state with { Active = null, Previous = null };
                Save();
                return null;
            }

            return active;
        }
    }

    /// <summary>Records an offer (before it is installed, or without installing it).</summary>
    public void RecordOffer(JsonObject offer)
    {
        lock (_lock)
        {
            _state = _state with { Offer = offer.DeepClone().AsObject() };
            Save();
        }
    }

    /// <summary>Makes <paramref name="model"/> the active model over <paramref name="configuredPath"/>; the current one becomes previous.</summary>
    public void Accept(InstalledModel model, string configuredPath)
    {
        lock (_lock)
        {
            _state = _state with { Previous = _state.Active, Active = model, ConfiguredPath = configuredPath };
            Save();
        }
    }

    /// <summary>Returns to the previous model (or the configured one); false when there is nothing to go back to.</summary>
    public bool RollBack()
    {
        lock (_lock)
        {
            if (_state.Active is null)
            {
                return false;
            }

            _state = _state with { Active = _state.Previous, Previous = null };
            Save();
            return true;
        }
    }

    private void Save()
    {
        System.IO.Directory.CreateDirectory(Directory);
        string temporary = _file + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(_state, StateJson.Default.State));
        File.Move(temporary, _file, overwrite: true);
    }

    private static State Load(string file)
    {
        if (!File.Exists(file))
        {
            return new State();
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(file), StateJson.Default.State) ?? new State();
        }
        catch (JsonException)
        {
            // A damaged state file must not stop the service: it then runs the configured model.
            return new State();
        }
    }

    private sealed record State
    {
        public string? ConfiguredPath { get; init; }

        public InstalledModel? Active { get; init; }

        public InstalledModel? Previous { get; init; }

        public JsonObject? Offer { get; init; }
    }
}
