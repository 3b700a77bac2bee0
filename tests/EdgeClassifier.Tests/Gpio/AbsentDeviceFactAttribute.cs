namespace EdgeClassifier.Tests.Gpio;

/// <summary>
/// A test of what happens when a device file is missing; skipped, naming the file, on a machine that has it (a board
/// with that GPIO chip), so it never passes without having run.
/// </summary>
public sealed class AbsentDeviceFactAttribute : FactAttribute
{
    /// <param name="path">The device the test needs to be absent, e.g. <c>/dev/gpiochip3</c>.</param>
    public AbsentDeviceFactAttribute(string path)
    {
        if (File.Exists(path))
        {
            Skip = $"needs {path} to be absent, and this machine has it";
        }
    }
}
