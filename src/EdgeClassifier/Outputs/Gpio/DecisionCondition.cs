using EdgeClassifier.Decisions;

namespace EdgeClassifier.Outputs.Gpio;

/// <summary>
/// The <c>When</c> of an output rule. Every property that is set must hold: <c>{ Label: banana, MinScore: 0.8 }</c>
/// holds for a banana decided with at least 0.8; <c>{ Ambiguous: true }</c> for any too-close-to-call decision;
/// <c>{ NoMatch: true }</c> when nothing passed the thresholds. A rule with <see cref="Barcode"/> reacts to scanned
/// codes instead of decisions.
/// </summary>
public sealed class DecisionCondition
{
    /// <summary>The decided label must be this one (case-insensitive).</summary>
    public string? Label { get; set; }

    /// <summary>The decided label's score must be at least this, in [0, 1].</summary>
    public float MinScore { get; set; }

    /// <summary>The decision must (true) or must not (false) be ambiguous.</summary>
    public bool? Ambiguous { get; set; }

    /// <summary>The decision must (true) or must not (false) be a no-match.</summary>
    public bool? NoMatch { get; set; }

    /// <summary>Scanned codes the rule reacts to (each one a pulse), instead of decisions; null for a decision rule.</summary>
    public BarcodeCondition? Barcode { get; set; }

    /// <summary>True when the condition sets at least one of <see cref="Label"/>, <see cref="Ambiguous"/>, <see cref="NoMatch"/>, <see cref="Barcode"/>.</summary>
    internal bool IsSet => IsDecisionRule || Barcode is not null;

    /// <summary>True when the condition sets one of <see cref="Label"/>, <see cref="Ambiguous"/>, <see cref="NoMatch"/>.</summary>
    internal bool IsDecisionRule => Label is not null || Ambiguous is not null || NoMatch is not null;

    /// <summary>Whether <paramref name="code"/> satisfies a barcode rule; false for a decision rule.</summary>
    internal bool Matches(ScannedCode code) => Barcode is { } barcode && barcode.Matches(code);

    /// <summary>Whether <paramref name="decision"/> satisfies the condition; no decision yet satisfies nothing, nor does any decision a barcode rule.</summary>
    internal bool Matches(Decision? decision)
    {
        if (decision is null || Barcode is not null)
        {
            return false;
        }

        if (NoMatch is { } noMatch && decision.IsNoMatch != noMatch)
        {
            return false;
        }

        if (Ambiguous is { } ambiguous && decision.Ambiguous != ambiguous)
        {
            return false;
        }

        return Label is null
            || (string.Equals(decision.Label, Label, StringComparison.OrdinalIgnoreCase) && decision.Score >= MinScore);
    }
}
