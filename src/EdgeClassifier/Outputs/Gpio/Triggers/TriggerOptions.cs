namespace EdgeClassifier.Outputs.Gpio.Triggers;

/// <summary>An input line (PIR motion sensor or push button) that decides when frames are classified.</summary>
public sealed class TriggerOptions : LineOptions
{
    /// <summary><c>pir</c> (driven output, no bias) or <c>button</c> (to ground, pull-up enabled).</summary>
    public TriggerKind Kind { get; set; } = TriggerKind.Pir;

    /// <summary>The edge that is a trigger; unset: rising for a PIR, falling for a button.</summary>
    public TriggerEdge? Edge { get; set; }

    /// <summary>Edges within this many milliseconds of the last accepted edge are bounce and ignored.</summary>
    public int DebounceMs { get; set; } = 50;

    /// <summary>What a trigger does to classification; see <see cref="TriggerMode"/>.</summary>
    public TriggerMode Mode { get; set; } = TriggerMode.Continuous;

    /// <summary>In <see cref="TriggerMode.Trigger"/>: frames to classify after each trigger (0: limited by time only).</summary>
    public int BurstFrames { get; set; }

    /// <summary>In <see cref="TriggerMode.Trigger"/>: seconds to classify after each trigger (0: limited by frames only).</summary>
    public double BurstSeconds { get; set; }

    /// <summary>The edge that triggers, with the kind's default applied.</summary>
    internal TriggerEdge EffectiveEdge => Edge ?? (Kind == TriggerKind.Button ? TriggerEdge.Falling : TriggerEdge.Rising);
}

/// <summary>What is wired to a trigger line.</summary>
public enum TriggerKind
{
    /// <summary>A PIR motion sensor: drives its output high on motion.</summary>
    Pir,

    /// <summary>A push button to ground: the line gets a pull-up and reads low while pressed.</summary>
    Button,
}

/// <summary>Which edge of a trigger line counts as a trigger.</summary>
public enum TriggerEdge
{
    /// <summary>Low to high; the line is active while high.</summary>
    Rising,

    /// <summary>High to low; the line is active while low.</summary>
    Falling,

    /// <summary>Either edge; the line is active while high.</summary>
    Both,
}

/// <summary>How triggers gate classification.</summary>
public enum TriggerMode
{
    /// <summary>Classify every frame; triggers are only recorded.</summary>
    Continuous,

    /// <summary>Classify a burst (<c>BurstFrames</c> frames or <c>BurstSeconds</c>) after each trigger, idle otherwise.</summary>
    Trigger,

    /// <summary>Classify while the line is active.</summary>
    Hold,
}
