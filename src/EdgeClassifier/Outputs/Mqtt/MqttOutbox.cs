using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// A durable FIFO of messages that must reach the broker, in SQLite: a message is committed before anyone tries to
/// send it and deleted only after the broker acknowledged it, so neither a broker outage nor a service restart loses
/// it. Messages with a coalescing key (retained state, snapshot) replace their predecessor: only the newest matters.
/// Bounded by count and by how long this device has held a message (<see cref="OutboxClock"/>); what falls out is
/// counted and logged. A message the broker will never take is moved to a dead-letter table instead of blocking
/// the ones behind it.
/// </summary>
public sealed class MqttOutbox : IDisposable
{
    /// <summary>Dead letters kept for inspection; older ones are deleted.</summary>
    public const int MaxDeadLetters = 100;

    private readonly SqliteConnection _connection;
    private readonly OutboxClock _clock;
    private readonly Lock _gate = new();
    private readonly int _maxMessages;
    private readonly TimeSpan _maxAge;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _dropped;
    private long _deadLettered;

    /// <summary>Opens (creating when missing) the outbox at <paramref name="path"/>; a corrupt file is moved aside.</summary>
    /// <exception cref="InvalidOperationException">The file cannot be opened or created.</exception>
    public MqttOutbox(string path, int maxMessages, TimeSpan maxAge, TimeProvider time, ILogger logger)
    {
        _maxMessages = maxMessages;
        _maxAge = maxAge;
        _time = time;
        _logger = logger;
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        _connection = OutboxDatabase.Open(path, time, logger);
        _clock = new OutboxClock(_connection, time);
    }

    /// <summary>Messages dropped because the outbox was full or they expired before delivery.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Messages moved to the dead-letter table since start because the broker will not take them.</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Messages waiting.</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                using var command = _connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM pending";
                return (long)command.ExecuteScalar()!;
            }
        }
    }

    /// <summary>
    /// Commits a message. With <paramref name="coalesceKey"/>, an older waiting message with the same key is
    /// replaced. Returns once the message is on disk.
    /// </summary>
    public void Enqueue(string topic, ReadOnlySpan<byte> payload, int qos, bool retain, string? contentType, string? coalesceKey = null)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            long now = _clock.Save();
            if (coalesceKey is not null)
            {
                using var delete = _connection.CreateCommand();
                delete.CommandText = "DELETE FROM pending WHERE coalesce_key = $key";
                delete.Parameters.AddWithValue("$key", coalesceKey);
                delete.ExecuteNonQuery();
            }

            using (var insert = _connection.CreateCommand())
            {
                insert.CommandText = """
                    INSERT INTO pending (topic, payload, qos, retain, content_type, coalesce_key, held_since_ms)
                    VALUES ($topic, $payload, $qos, $retain, $contentType, $key, $now)
                    """;
                insert.Parameters.AddWithValue("$topic", topic);
                insert.Parameters.AddWithValue("$payload", payload.ToArray());
                insert.Parameters.AddWithValue("$qos", qos);
                insert.Parameters.AddWithValue("$retain", retain ? 1 : 0);
                insert.Parameters.AddWithValue("$contentType", (object?)contentType ?? DBNull.Value);
                insert.Parameters.AddWithValue("$key", (object?)coalesceKey ?? DBNull.Value);
                insert.Parameters.AddWithValue("$now", now);
                insert.ExecuteNonQuery();
            }

            int overflow = DeleteBeyondCapacity();
            transaction.Commit();
            CountDrops(overflow, "the outbox is full (Mqtt:OutboxMaxMessages)");
        }
    }

    /// <summary>The oldest waiting messages, at most <paramref name="limit"/>, after dropping expired ones.</summary>
    public IReadOnlyList<OutgoingMessage> PeekOldest(int limit)
    {
        lock (_gate)
        {
            long now = _clock.Save();
            long maxAgeMs = (long)_maxAge.TotalMilliseconds;
            using (var expire = _connection.CreateCommand())
            {
                expire.CommandText = "DELETE FROM pending WHERE held_since_ms <= $oldest";
                expire.Parameters.AddWithValue("$oldest", now - maxAgeMs);
                CountDrops(expire.ExecuteNonQuery(), "they were held longer than Mqtt:OutboxMaxAgeHours");
            }

            using var select = _connection.CreateCommand();
            select.CommandText = """
                SELECT id, topic, payload, qos, retain, content_type, held_since_ms
                FROM pending ORDER BY id LIMIT $limit
                """;
            select.Parameters.AddWithValue("$limit", limit);
            using var reader = select.ExecuteReader();
            var messages = new List<OutgoingMessage>();
            while (reader.Read())
            {
                messages.Add(new OutgoingMessage(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    (byte[])reader[2],
                    reader.GetInt32(3),
                    reader.GetInt32(4) != 0,
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    TimeSpan.FromMilliseconds(maxAgeMs - (now - reader.GetInt64(6)))));
            }

            return messages;
        }
    }

    /// <summary>Deletes a message the broker acknowledged.</summary>
    public void Remove(long id)
    {
        lock (_gate)
        {
            using var delete = _connection.CreateCommand();
            delete.CommandText = "DELETE FROM pending WHERE id = $id";
            delete.Parameters.AddWithValue("$id", id);
            delete.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Moves a message the broker will never take (refused, or larger than it accepts) to the dead-letter table,
    /// where the newest <see cref="MaxDeadLetters"/> stay for inspection, and counts it.
    /// </summary>
    public void DeadLetter(long id, string reason)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using (var move = _connection.CreateCommand())
            {
                move.CommandText = """
                    INSERT OR REPLACE INTO dead_letter (id, topic, payload, qos, retain, content_type, reason, dead_at)
                        SELECT id, topic, payload, qos, retain, content_type, $reason, $at FROM pending WHERE id = $id;
                    DELETE FROM pending WHERE id = $id;
                    DELETE FROM dead_letter WHERE id NOT IN (SELECT id FROM dead_letter ORDER BY id DESC LIMIT $keep);
                    """;
                move.Parameters.AddWithValue("$id", id);
                move.Parameters.AddWithValue("$reason", reason);
                move.Parameters.AddWithValue("$at", _time.GetUtcNow().UtcDateTime.ToString("O"));
                move.Parameters.AddWithValue("$keep", MaxDeadLetters);
                move.ExecuteNonQuery();
            }

            transaction.Commit();
            Interlocked.Increment(ref _deadLettered);
        }
    }

    /// <summary>The dead letters kept, oldest first, as (id, topic, reason).</summary>
    public IReadOnlyList<(long Id, string Topic, string Reason)> DeadLetters()
    {
        lock (_gate)
        {
            using var select = _connection.CreateCommand();
            select.CommandText = "SELECT id, topic, reason FROM dead_letter ORDER BY id";
            using var reader = select.ExecuteReader();
            var letters = new List<(long, string, string)>();
            while (reader.Read())
            {
                letters.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
            }

            return letters;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            try
            {
                _clock.Save();
            }
            catch (SqliteException ex)
            {
                _logger.LogWarning("MQTT outbox could not store its clock at close: {Reason}", ex.Message);
            }

            _connection.Dispose();
        }
    }

    private int DeleteBeyondCapacity()
    {
        using var trim = _connection.CreateCommand();
        trim.CommandText = "DELETE FROM pending WHERE id NOT IN (SELECT id FROM pending ORDER BY id DESC LIMIT $max)";
        trim.Parameters.AddWithValue("$max", _maxMessages);
        return trim.ExecuteNonQuery();
    }

    private void CountDrops(int count, string reason)
    {
        if (count > 0)
        {
            long total = Interlocked.Add(ref _dropped, count);
            _logger.LogWarning("MQTT outbox dropped {Count} undelivered message(s) because {Reason}; {Total} dropped so far",
                count, reason, total);
        }
    }
}
