using EdgeClassifier.Decisions;

namespace EdgeClassifier.Outputs.Gpio;

/// <summary>An RGB LED on three lines showing the colour of the first rule that holds for the latest decision.</summary>
internal sealed class RgbLedOutput(OutputLine red, OutputLine green, OutputLine blue, IReadOnlyList<RgbRuleOptions> rules)
    : IGpioOutput
{
    private RgbColor _color = RgbColor.Off;

    public void OnDecision(Decision decision, long now)
        => _color = rules.FirstOrDefault(r => r.When.Matches(decision))?.Color ?? RgbColor.Off;

    public long Refresh(long now)
    {
        red.SetActive(_color.HasFlag(RgbColor.Red));
        green.SetActive(_color.HasFlag(RgbColor.Green));
        blue.SetActive(_color.HasFlag(RgbColor.Blue));
        return long.MaxValue;
    }

    public void RestoreSafeLevel()
    {
        red.RestoreSafeLevel();
        green.RestoreSafeLevel();
        blue.RestoreSafeLevel();
    }
}
