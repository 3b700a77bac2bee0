using System.Text.RegularExpressions;

namespace EdgeClassifier.Outputs.Gpio;

/// <summary>
/// The barcode part of a rule's <c>When</c>: <c>{ "Barcode": { "Format": "EAN_13", "Match": "^590" } }</c> holds for each
/// scanned EAN-13 code starting with 590, <c>{ "Barcode": { "Format": "any" } }</c> for every code. Either key may be
/// left out (an empty object binds to nothing, so "any code" needs one of them): without <see cref="Format"/> (or with
/// <c>any</c>) any symbology, without <see cref="Match"/> any text.
/// </summary>
public sealed class BarcodeCondition
{
    private Regex? _pattern;

    /// <summary>The value of <see cref="Format"/> that accepts every symbology.</summary>
    public const string AnyFormat = "any";

    /// <summary>The symbology as ZXing names it (case-insensitive), or <c>any</c> (or null) for any.</summary>
    public string? Format { get; set; }

    /// <summary>A regular expression the code's text must contain a match of, or null for any text.</summary>
    public string? Match { get; set; }

    /// <summary>Whether a scanned code satisfies the condition.</summary>
    internal bool Matches(ScannedCode code)
    {
        if (Format is { Length: > 0 } format && !string.Equals(format, AnyFormat, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(format, code.Format, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (Match is not { Length: > 0 } match)
        {
            return true;
        }

        // The validator compiled it once already; a time limit keeps a pathological pattern off the output thread.
        _pattern ??= new Regex(match, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));
        try
        {
            return _pattern.IsMatch(code.Text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
