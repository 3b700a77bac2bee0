using EdgeClassifier.Outputs.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeClassifier.Tests.Mqtt;

public sealed class MqttOutboxTests
{
    [Fact]
    public void Messages_survive_reopening_in_order_and_coalesced_ones_keep_only_the_newest()
    {
        using var directory = new TempDirectory();
        string path = directory.File("outbox.db");
        using (var outbox = Open(path, 100))
        {
            outbox.Enqueue("events", "e1"u8, 1, false, null);
            outbox.Enqueue("state", "s1"u8, 1, true, null, coalesceKey: "state");
            outbox.Enqueue("events", "e2"u8, 1, false, null);
            outbox.Enqueue("state", "s2"u8, 1, true, null, coalesceKey: "state");
        }

        using var reopened = Open(path, 100);
        var messages = reopened.PeekOldest(10);
        Assert.Equal(["e1", "e2", "s2"], messages.Select(m => System.Text.Encoding.UTF8.GetString(m.Payload)));
        Assert.True(messages[2].Retain);
        reopened.Remove(messages[0].Id);
        Assert.Equal(2, reopened.Count);
    }

    [Fact]
    public void A_full_outbox_drops_the_oldest_and_counts_it()
    {
        using var directory = new TempDirectory();
        using var outbox = Open(directory.File("outbox.db"), 3);
        for (int i = 1; i <= 5; i++)
        {
            outbox.Enqueue("events", [(byte)i], 1, false, null);
        }

        Assert.Equal(2, outbox.Dropped);
        Assert.Equal([3, 4, 5], outbox.PeekOldest(10).Select(m => (int)m.Payload[0]));
    }

    [Fact]
    public void Expired_messages_are_dropped_and_counted()
    {
        using var directory = new TempDirectory();
        var clock = new ManualClock();
        using var outbox = new MqttOutbox(directory.File("outbox.db"), 100, TimeSpan.FromHours(1), clock, NullLogger.Instance);
        outbox.Enqueue("events", "old"u8, 1, false, null);
        clock.Advance(TimeSpan.FromMinutes(45));
        outbox.Enqueue("events", "new"u8, 1, false, null);
        clock.Advance(TimeSpan.FromMinutes(30));

        var left = outbox.PeekOldest(10);

        Assert.Equal("new"u8.ToArray(), Assert.Single(left).Payload);
        Assert.Equal(1, outbox.Dropped);
    }

    private static MqttOutbox Open(string path, int max) =>
        new(path, max, TimeSpan.FromHours(1), TimeProvider.System, NullLogger.Instance);

    /// <summary>Wall clock and monotonic clock under the test's control, moved together or (a clock set late) apart.</summary>
    internal sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        private long _ticks;

        public override DateTimeOffset GetUtcNow() => _now;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by)
        {
            _now += by;
            _ticks += by.Ticks;
        }

        /// <summary>NTP answering on a board without an RTC: the wall clock jumps, no time passes.</summary>
        public void SetWallClock(DateTimeOffset now) => _now = now;
    }
}
