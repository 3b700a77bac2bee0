namespace EdgeClassifier.SideBySide;

/// <summary>The 1-, 5- and 15-minute load averages, printed beside the results: what else the machine was doing.</summary>
internal static class LoadAverage
{
    public static string Read() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown (no /proc/loadavg)";
}
