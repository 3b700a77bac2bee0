using System.Globalization;

namespace EdgeClassifier.Tests.Fleet;

/// <summary>
/// How many real service processes a fleet test starts: CI runs 4 (the machine has two cores); an environment
/// variable (e.g. <c>ACROSS_SITES_DEVICES=10</c>, <c>ROLLOUT_DEVICES=10</c>) runs the larger fleet of the notes.
/// </summary>
internal static class DeviceCount
{
    public const int Ci = 4;

    public static int FromEnvironment(string variable) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), CultureInfo.InvariantCulture, out int n) && n > 0 ? n : Ci;

    /// <summary>How much longer than with the CI count the waits of a run with <paramref name="count"/> devices may take (at least 1).</summary>
    public static double WaitScale(int count) => Math.Max(1.0, count / (double)Ci);
}
