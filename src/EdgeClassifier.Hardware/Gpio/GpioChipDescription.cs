namespace EdgeClassifier.Hardware.Gpio;

/// <summary>What the kernel reports about one GPIO chip.</summary>
/// <param name="Number">N of <c>/dev/gpiochipN</c>.</param>
/// <param name="Name">Kernel name, e.g. <c>gpiochip0</c>.</param>
/// <param name="Label">Driver label, e.g. <c>pinctrl-bcm2711</c> or <c>pinctrl-rp1</c>.</param>
/// <param name="LineCount">Number of lines on the chip.</param>
public sealed record GpioChipDescription(int Number, string Name, string Label, int LineCount);

/// <summary>What the kernel reports about one line of a chip.</summary>
/// <param name="Line">Line offset.</param>
/// <param name="Name">Line name from the device tree (e.g. <c>GPIO17</c>), or empty.</param>
/// <param name="Consumer">Who holds the line, or empty when it is free.</param>
/// <param name="Used">True when the line is requested by a process or the kernel.</param>
/// <param name="IsOutput">True when the line is configured as an output.</param>
/// <param name="ActiveLow">True when the line is configured active-low.</param>
public sealed record GpioLineDescription(int Line, string Name, string Consumer, bool Used, bool IsOutput, bool ActiveLow);
