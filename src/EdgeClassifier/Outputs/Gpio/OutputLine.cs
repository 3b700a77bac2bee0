using System.Device.Gpio;

namespace EdgeClassifier.Outputs.Gpio;

/// <summary>
/// One output line seen as "active or not": applies active-low, skips writes that change nothing, and knows the
/// physical level to return to on stop.
/// </summary>
internal sealed class OutputLine(GpioController controller, int line, bool activeLow, PinValue safeLevel)
{
    private bool? _active;

    /// <summary>Drives the device on or off.</summary>
    public void SetActive(bool active)
    {
        if (_active == active)
        {
            return;
        }

        _active = active;
        controller.Write(line, active != activeLow ? PinValue.High : PinValue.Low);
    }

    /// <summary>Writes the safe level; the next <see cref="SetActive"/> writes again whatever it is.</summary>
    public void RestoreSafeLevel()
    {
        _active = null;
        controller.Write(line, safeLevel);
    }
}
