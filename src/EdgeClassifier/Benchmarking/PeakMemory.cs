using System.Globalization;

namespace EdgeClassifier.Benchmarking;

/// <summary>The process's peak resident set size, as the kernel counts it (VmHWM in /proc/self/status).</summary>
public static class PeakMemory
{
    /// <summary>Peak resident bytes, or null where /proc is not available.</summary>
    public static long? ResidentBytes()
    {
        const string statusFile = "/proc/self/status";
        if (!File.Exists(statusFile))
        {
            return null;
        }

        foreach (string line in File.ReadLines(statusFile))
        {
            // "VmHWM:	  123456 kB"
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                string number = line["VmHWM:".Length..].Replace("kB", string.Empty, StringComparison.Ordinal).Trim();
                return long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out long kilobytes) ? kilobytes * 1024 : null;
            }
        }

        return null;
    }
}
