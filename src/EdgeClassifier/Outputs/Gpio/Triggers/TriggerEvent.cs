namespace EdgeClassifier.Outputs.Gpio.Triggers;

/// <summary>One accepted trigger (after debounce), for the decision log and stats.</summary>
/// <param name="Source">The configuration entry, e.g. <c>Gpio:Triggers:0</c>.</param>
/// <param name="Kind">PIR sensor or button.</param>
/// <param name="Mode">What the trigger does to classification.</param>
/// <param name="Rising">True for a low-to-high edge.</param>
/// <param name="Timestamp">When the edge was seen (UTC).</param>
/// <param name="Number">1 for the first trigger of the gate, counting all its inputs.</param>
public sealed record TriggerEvent(string Source, TriggerKind Kind, TriggerMode Mode, bool Rising, DateTimeOffset Timestamp, long Number);
