using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// A durable FIFO of messages that must reach the broker, in SQLite: a message is committed before anyone tries to
/// send it and deleted only after the broker acknowledged it, so neither a broker outage nor a service restart loses
/// it. Messages with a coalescing key (retained state, snapshot) replace their predecessor: only the newest matters.
/// Bounded by count and age; what falls out is counted and logged.
/// </summary>
public sealed class MqttOutbox : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private readonly int _maxMessages;
    private readonly TimeSpan _maxAge;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _dropped;

    /// <summary>Opens (creating when missing) the outbox at <paramref name="path"/>.</summary>
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

        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            _connection.Open();
        }
        catch (SqliteException ex)
        {
            throw new InvalidOperationException($"Mqtt:OutboxPath '{path}' cannot be opened: {ex.Message}", ex);
        }

        // WAL keeps a reader and the writer apart; FULL sync makes a commit survive a power cut, which is the point.
        Execute("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            CREATE TABLE IF NOT EXISTS outbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                topic TEXT NOT NULL,
                payload BLOB NOT NULL,
                qos INTEGER NOT NULL,
                retain INTEGER NOT NULL,
                content_type TEXT,
                coalesce_key TEXT UNIQUE,
                expires_ms INTEGER NOT NULL);
            """);
    }

    /// <summary>Messages dropped because the outbox was full or they expired before delivery.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Messages waiting.</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                using var command = _connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM outbox";
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
        long expires = (_time.GetUtcNow() + _maxAge).ToUnixTimeMilliseconds();
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            if (coalesceKey is not null)
            {
                using var delete = _connection.CreateCommand();
                delete.CommandText = "DELETE FROM outbox WHERE coalesce_key = $key";
                delete.Parameters.AddWithValue("$key", coalesceKey);
                delete.ExecuteNonQuery();
            }

            using (var insert = _connection.CreateCommand())
            {
                insert.CommandText = """
                    INSERT INTO outbox (topic, payload, qos, retain, content_type, coalesce_key, expires_ms)
                    VALUES ($topic, $payload, $qos, $retain, $contentType, $key, $expires)
                    """;
                insert.Parameters.AddWithValue("$topic", topic);
                insert.Parameters.AddWithValue("$payload", payload.ToArray());
                insert.Parameters.AddWithValue("$qos", qos);
                insert.Parameters.AddWithValue("$retain", retain ? 1 : 0);
                insert.Parameters.AddWithValue("$contentType", (object?)contentType ?? DBNull.Value);
                insert.Parameters.AddWithValue("$key", (object?)coalesceKey ?? DBNull.Value);
                insert.Parameters.AddWithValue("$expires", expires);
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
            using (var expire = _connection.CreateCommand())
            {
                expire.CommandText = "DELETE FROM outbox WHERE expires_ms <= $now";
                expire.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
                CountDrops(expire.ExecuteNonQuery(), "they expired (Mqtt:OutboxMaxAgeHours)");
            }

            using var select = _connection.CreateCommand();
            select.CommandText = """
                SELECT id, topic, payload, qos, retain, content_type, expires_ms
                FROM outbox ORDER BY id LIMIT $limit
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
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))));
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
            delete.CommandText = "DELETE FROM outbox WHERE id = $id";
            delete.Parameters.AddWithValue("$id", id);
            delete.ExecuteNonQuery();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private int DeleteBeyondCapacity()
    {
        using var trim = _connection.CreateCommand();
        trim.CommandText = "DELETE FROM outbox WHERE id NOT IN (SELECT id FROM outbox ORDER BY id DESC LIMIT $max)";
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

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
