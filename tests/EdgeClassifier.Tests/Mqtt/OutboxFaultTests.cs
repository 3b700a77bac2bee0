using EdgeClassifier.Outputs.Mqtt;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeClassifier.Tests.Mqtt;

/// <summary>The outbox under the faults a device meets: a clock set late, restarts, a damaged file, dead letters.</summary>
public sealed class OutboxFaultTests
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromHours(1);

    [Fact]
    public void A_wall_clock_jump_expires_nothing_only_time_held_does()
    {
        using var directory = new TempDirectory();
        var clock = new MqttOutboxTests.ManualClock();
        clock.SetWallClock(new DateTimeOffset(1970, 1, 1, 0, 0, 30, TimeSpan.Zero)); // booted without an RTC
        using var outbox = new MqttOutbox(directory.File("outbox.db"), 100, MaxAge, clock, NullLogger.Instance);
        outbox.Enqueue("events", "e1"u8, 1, false, null);

        clock.SetWallClock(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero)); // NTP answers: 56 years later
        Assert.Single(outbox.PeekOldest(10));
        Assert.Equal(0, outbox.Dropped);

        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Empty(outbox.PeekOldest(10));
        Assert.Equal(1, outbox.Dropped);
    }

    [Fact]
    public void Time_held_carries_across_restarts_and_sets_the_mqtt_expiry()
    {
        using var directory = new TempDirectory();
        string path = directory.File("outbox.db");
        var first = new MqttOutboxTests.ManualClock();
        using (var outbox = new MqttOutbox(path, 100, MaxAge, first, NullLogger.Instance))
        {
            outbox.Enqueue("events", "e1"u8, 1, false, null);
            first.Advance(TimeSpan.FromMinutes(40));
        }

        var second = new MqttOutboxTests.ManualClock(); // a new process: its monotonic clock starts over
        using var reopened = new MqttOutbox(path, 100, MaxAge, second, NullLogger.Instance);
        second.Advance(TimeSpan.FromMinutes(5));
        var message = Assert.Single(reopened.PeekOldest(10));
        Assert.Equal(TimeSpan.FromMinutes(15), message.TimeLeft);

        second.Advance(TimeSpan.FromMinutes(16));
        Assert.Empty(reopened.PeekOldest(10));
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_moved_aside_and_a_new_outbox_starts()
    {
        using var directory = new TempDirectory();
        string path = directory.File("mqtt-outbox.db");
        File.WriteAllText(path, "this is not a database, but it is where the outbox should be");
        var logs = new ListLoggerProvider();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs));

        using var outbox = new MqttOutbox(path, 100, MaxAge, TimeProvider.System, loggers.CreateLogger("outbox"));
        outbox.Enqueue("events", "e1"u8, 1, false, null);

        Assert.Equal(1, outbox.Count);
        string aside = Assert.Single(Directory.GetFiles(directory.Path, "mqtt-outbox.db.corrupt-*"));
        Assert.StartsWith("this is not a database", File.ReadAllText(aside));
        Assert.Contains(logs.Lines, line => line.Contains($"moved aside to {aside}, where 0 message(s) could still be read"));
    }

    [Fact]
    public void A_damaged_outbox_reports_the_rows_it_still_yields()
    {
        using var directory = new TempDirectory();
        string path = directory.File("mqtt-outbox.db");
        using (var outbox = new MqttOutbox(path, 100, MaxAge, TimeProvider.System, NullLogger.Instance))
        {
            for (int i = 0; i < 3; i++)
            {
                outbox.Enqueue("events", [(byte)i], 1, false, null);
            }
        }

        // An index whose entries disagree with its table: the rows read, the integrity check fails.
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE INDEX damaged ON pending(topic);
                PRAGMA writable_schema = ON;
                UPDATE sqlite_master SET sql = 'CREATE INDEX damaged ON pending(qos)' WHERE name = 'damaged';
                """;
            command.ExecuteNonQuery();
        }

        var logs = new ListLoggerProvider();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs));
        using var reopened = new MqttOutbox(path, 100, MaxAge, TimeProvider.System, loggers.CreateLogger("outbox"));

        Assert.Equal(0, reopened.Count);
        Assert.Contains(logs.Lines, line => line.Contains("where 3 message(s) could still be read"));
    }

    [Fact]
    public void An_outbox_of_the_first_format_keeps_its_messages()
    {
        using var directory = new TempDirectory();
        string path = directory.File("outbox.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT NOT NULL, payload BLOB NOT NULL,
                    qos INTEGER NOT NULL, retain INTEGER NOT NULL, content_type TEXT, coalesce_key TEXT UNIQUE,
                    expires_ms INTEGER NOT NULL);
                INSERT INTO outbox (topic, payload, qos, retain, content_type, coalesce_key, expires_ms)
                    VALUES ('events', x'0102', 1, 0, 'application/json', NULL, 0);
                """;
            command.ExecuteNonQuery();
        }

        using var outbox = new MqttOutbox(path, 100, MaxAge, TimeProvider.System, NullLogger.Instance);

        var message = Assert.Single(outbox.PeekOldest(10));
        Assert.Equal(new byte[] { 1, 2 }, message.Payload);
        Assert.Equal("application/json", message.ContentType);
    }

    [Fact]
    public void Dead_letters_leave_the_queue_are_counted_and_kept_newest_first_within_a_bound()
    {
        using var directory = new TempDirectory();
        using var outbox = new MqttOutbox(directory.File("outbox.db"), 1000, MaxAge, TimeProvider.System, NullLogger.Instance);
        for (int i = 0; i < MqttOutbox.MaxDeadLetters + 5; i++)
        {
            outbox.Enqueue("events", [(byte)i], 1, false, null);
        }

        foreach (var message in outbox.PeekOldest(1000))
        {
            outbox.DeadLetter(message.Id, "too large");
        }

        Assert.Equal(0, outbox.Count);
        Assert.Equal(MqttOutbox.MaxDeadLetters + 5, outbox.DeadLettered);
        var kept = outbox.DeadLetters();
        Assert.Equal(MqttOutbox.MaxDeadLetters, kept.Count);
        Assert.Equal(6, kept[0].Id);
        Assert.All(kept, letter => Assert.Equal(("events", "too large"), (letter.Topic, letter.Reason)));
    }
}
