using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace EdgeClassifier.Hardware.Gpio;

/// <summary>
/// Reads chip and line information straight from the GPIO character devices with the kernel's info ioctls, so
/// <c>gpio list</c> and error messages work even where libgpiod is not installed.
/// </summary>
public static partial class GpioChipReader
{
    // From <linux/gpio.h>: _IOR(0xB4, 0x01, struct gpiochip_info) and _IOWR(0xB4, 0x02, struct gpioline_info).
    private const uint ChipInfoRequest = 0x8044B401;
    private const uint LineInfoRequest = 0xC048B402;
    private const uint LineFlagKernel = 1 << 0;
    private const uint LineFlagIsOut = 1 << 1;
    private const uint LineFlagActiveLow = 1 << 2;
    private const int NameSize = 32;

    /// <summary>All chips with a <c>/dev/gpiochipN</c> node that could be read, ordered by number; empty when none.</summary>
    public static IReadOnlyList<GpioChipDescription> ListChips()
    {
        var chips = new List<GpioChipDescription>();
        foreach (var path in Directory.EnumerateFiles("/dev", "gpiochip*"))
        {
            if (GpioChipPath.TryParse(path, out var number) && TryReadChip(number, out var chip))
            {
                chips.Add(chip);
            }
        }

        chips.Sort((a, b) => a.Number.CompareTo(b.Number));
        return chips;
    }

    /// <summary>Reads chip <paramref name="number"/>; false when it does not exist or cannot be opened.</summary>
    public static bool TryReadChip(int number, out GpioChipDescription chip)
    {
        chip = null!;
        try
        {
            using var device = File.OpenHandle(GpioChipPath.DevicePath(number), FileMode.Open, FileAccess.Read);
            var info = new ChipInfo();
            if (Ioctl(device.DangerousGetHandle(), ChipInfoRequest, ref info) != 0)
            {
                return false;
            }

            chip = new GpioChipDescription(number, Text(info.Name), Text(info.Label), (int)info.Lines);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Reads every line of chip <paramref name="number"/>.</summary>
    /// <exception cref="GpioUnavailableException">The chip cannot be opened or does not answer.</exception>
    public static IReadOnlyList<GpioLineDescription> ReadLines(int number)
    {
        if (!TryReadChip(number, out var chip))
        {
            throw new GpioUnavailableException($"cannot read GPIO chip gpiochip{number} ({GpioChipPath.DevicePath(number)})");
        }

        var lines = new GpioLineDescription[chip.LineCount];
        using var device = File.OpenHandle(GpioChipPath.DevicePath(number), FileMode.Open, FileAccess.Read);
        for (var offset = 0; offset < lines.Length; offset++)
        {
            var info = new LineInfo { Offset = (uint)offset };
            if (Ioctl(device.DangerousGetHandle(), LineInfoRequest, ref info) != 0)
            {
                throw new GpioUnavailableException(
                    $"cannot read line {offset} of gpiochip{number}: errno {Marshal.GetLastPInvokeError()}");
            }

            lines[offset] = new GpioLineDescription(
                offset,
                Text(info.Name),
                Text(info.Consumer),
                (info.Flags & LineFlagKernel) != 0,
                (info.Flags & LineFlagIsOut) != 0,
                (info.Flags & LineFlagActiveLow) != 0);
        }

        return lines;
    }

    private static string Text(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? bytes : bytes[..end]);
    }

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(nint fd, nuint request, ref ChipInfo info);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(nint fd, nuint request, ref LineInfo info);

    [StructLayout(LayoutKind.Sequential)]
    private struct ChipInfo
    {
        public NameBuffer Name;
        public NameBuffer Label;
        public uint Lines;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct LineInfo
    {
        public uint Offset;
        public uint Flags;
        public NameBuffer Name;
        public NameBuffer Consumer;
    }

    [InlineArray(NameSize)]
    private struct NameBuffer
    {
        private byte _first;
    }
}
