using System.CommandLine;
using System.Device.Gpio;
using EdgeClassifier.Hardware.Gpio;

using EdgeClassifier.Hosting;

namespace EdgeClassifier.Cli;

/// <summary>
/// <c>edgeclassifier gpio list|set|pulse</c>: shows the machine's GPIO chips and lines, and drives one line by hand to
/// check wiring before the service is configured.
/// </summary>
public static class GpioCommand
{
    public static Command Create()
    {
        var command = new Command("gpio", "List GPIO chips and lines, or drive one line by hand to check wiring.");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateSet());
        command.Subcommands.Add(CreatePulse());
        return command;
    }

    private static Command CreateList()
    {
        var list = new Command("list", "Show every GPIO chip with its lines and who uses them.");
        list.SetAction(_ => List());
        return list;
    }

    private static Command CreateSet()
    {
        var (chip, line) = (ChipOption(), LineOption());
        var value = new Option<int>("--value") { Description = "Level to drive: 0 or 1.", Required = true };
        var set = new Command("set", "Drive a line to a level; the line is released when the command exits.") { chip, line, value };
        set.SetAction(parsed =>
        {
            var level = parsed.GetValue(value);
            if (level is not (0 or 1))
            {
                throw new CliException($"--value: {level} must be 0 or 1");
            }

            return Drive(parsed.GetValue(chip)!, parsed.GetValue(line), (controller, pin) =>
            {
                controller.Write(pin, level == 1 ? PinValue.High : PinValue.Low);
                return $"set to {level}";
            });
        });
        return set;
    }

    private static Command CreatePulse()
    {
        var (chip, line) = (ChipOption(), LineOption());
        var ms = new Option<int>("--ms") { Description = "How long the line stays high, in milliseconds.", Required = true };
        var pulse = new Command("pulse", "Drive a line high for --ms milliseconds, then low.") { chip, line, ms };
        pulse.SetAction(parsed =>
        {
            var duration = parsed.GetValue(ms);
            if (duration <= 0)
            {
                throw new CliException($"--ms: {duration} must be more than 0");
            }

            return Drive(parsed.GetValue(chip)!, parsed.GetValue(line), (controller, pin) =>
            {
                controller.Write(pin, PinValue.High);
                Thread.Sleep(duration);
                controller.Write(pin, PinValue.Low);
                return $"pulsed high for {duration} ms";
            });
        });
        return pulse;
    }

    private static Option<string> ChipOption()
        => new("--chip") { Description = "Chip: a number (0), gpiochip0 or /dev/gpiochip0.", Required = true };

    private static Option<int> LineOption()
        => new("--line") { Description = "Line offset on the chip (on a Raspberry Pi: the BCM GPIO number).", Required = true };

    private static int List()
    {
        var chips = GpioChipReader.ListChips();
        if (chips.Count == 0)
        {
            throw new CliException(Directory.EnumerateFiles("/dev", "gpiochip*").Any()
                ? "cannot read any /dev/gpiochip* device; add the user to the 'gpio' group"
                : "no GPIO chip found (no /dev/gpiochip* on this machine)");
        }

        Console.WriteLine($"libgpiod: {LibGpiodProbe.Version}");
        foreach (var chip in chips)
        {
            Console.WriteLine($"gpiochip{chip.Number} [{chip.Label}] {chip.LineCount} lines");
            foreach (var line in GpioChipReader.ReadLines(chip.Number))
            {
                var name = line.Name.Length > 0 ? line.Name : "unnamed";
                var use = line.Used ? $"used by '{line.Consumer}' {(line.IsOutput ? "output" : "input")}" : "free";
                Console.WriteLine($"  line {line.Line,3}: {name,-16} {use}{(line.ActiveLow ? " active-low" : string.Empty)}");
            }
        }

        return ExitCodes.Success;
    }

    private static int Drive(string chipText, int line, Func<GpioController, int, string> action)
    {
        if (!GpioChipPath.TryParse(chipText, out var chip))
        {
            throw new CliException($"--chip: '{chipText}' is not a chip; use a number (0), gpiochip0 or /dev/gpiochip0");
        }

        EnsureLineFree(chip, line);
        try
        {
            using var controller = new GpioController(new LibGpiodDriverFactory().Open(chip));
            controller.OpenPin(line, PinMode.Output, PinValue.Low);
            var done = action(controller, line);
            Console.WriteLine($"gpiochip{chip} line {line}: {done}");
            return ExitCodes.Success;
        }
        catch (GpioUnavailableException ex)
        {
            throw new CliException(ex.Message, ex);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException
            or System.Device.Gpio.Drivers.GpiodException)
        {
            // Taken between the check above and the request, or refused by the kernel.
            throw new CliException($"--line: cannot drive gpiochip{chip} line {line}: {ex.Message}", ex);
        }
    }

    private static void EnsureLineFree(int chip, int line)
    {
        var path = GpioChipPath.DevicePath(chip);
        if (!File.Exists(path))
        {
            throw new CliException($"--chip: no GPIO chip gpiochip{chip} ({path} does not exist; `edgeclassifier gpio list` shows the chips)");
        }

        if (!GpioChipReader.TryReadChip(chip, out var info))
        {
            throw new CliException($"--chip: cannot read {path}; add the user to the 'gpio' group");
        }

        if (line < 0 || line >= info.LineCount)
        {
            throw new CliException($"--line: gpiochip{chip} has lines 0-{info.LineCount - 1}, not {line}");
        }

        var state = GpioChipReader.ReadLines(chip)[line];
        if (state.Used)
        {
            throw new CliException($"--line: gpiochip{chip} line {line} is taken by '{state.Consumer}'");
        }
    }
}
