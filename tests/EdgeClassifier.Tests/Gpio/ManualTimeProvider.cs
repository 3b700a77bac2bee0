namespace EdgeClassifier.Tests.Gpio;

/// <summary>A clock that only moves when the test says so; timestamps are microseconds.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private long _micros = 1_000_000;

    public override long TimestampFrequency => 1_000_000;

    public override long GetTimestamp() => Interlocked.Read(ref _micros);

    public override DateTimeOffset GetUtcNow() => Epoch.AddTicks(GetTimestamp() * 10);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _micros, (long)by.TotalMicroseconds);
}
