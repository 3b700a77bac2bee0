using Microsoft.Data.Sqlite;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// How long this device has held its outbox, in milliseconds: monotonic time while the service runs, carried across
/// restarts in the database. Message age is measured on it rather than on the wall clock, because a board without a
/// real-time clock may start in 1970 and jump years once NTP answers, which must neither expire a fresh event nor
/// keep a stale one forever. Time while the device is off does not count.
/// </summary>
internal sealed class OutboxClock(SqliteConnection connection, TimeProvider time)
{
    private readonly long _openedAt = time.GetTimestamp();
    private readonly long _heldBefore = ReadHeld(connection);

    /// <summary>Milliseconds held so far.</summary>
    public long Now => _heldBefore + (long)time.GetElapsedTime(_openedAt).TotalMilliseconds;

    /// <summary>Stores <see cref="Now"/> (inside the caller's transaction when there is one); returns it.</summary>
    public long Save()
    {
        long now = Now;
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE clock SET held_ms = MAX(held_ms, $now) WHERE id = 0";
        command.Parameters.AddWithValue("$now", now);
        command.ExecuteNonQuery();
        return now;
    }

    private static long ReadHeld(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT held_ms FROM clock WHERE id = 0";
        return (long)command.ExecuteScalar()!;
    }
}
