using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// Opens the outbox's SQLite file with its schema. A file SQLite cannot use (not a database, failing its integrity
/// check) is moved aside as <c>NAME.corrupt-TIMESTAMP</c>, with the rows it still yields counted in the log, and a
/// new file is started: a damaged outbox must not keep the service from coming up.
/// </summary>
internal static class OutboxDatabase
{
    // SQLITE_CORRUPT and SQLITE_NOTADB: the file is damaged or not SQLite at all.
    private const int Corrupt = 11, NotADatabase = 26;

    // WAL keeps a reader and the writer apart; FULL sync makes a commit survive a power cut, which is the point.
    // held_since_ms is the outbox clock (see OutboxClock) when the message was queued.
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = FULL;
        CREATE TABLE IF NOT EXISTS pending (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            topic TEXT NOT NULL,
            payload BLOB NOT NULL,
            qos INTEGER NOT NULL,
            retain INTEGER NOT NULL,
            content_type TEXT,
            coalesce_key TEXT UNIQUE,
            held_since_ms INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS dead_letter (
            id INTEGER PRIMARY KEY,
            topic TEXT NOT NULL,
            payload BLOB NOT NULL,
            qos INTEGER NOT NULL,
            retain INTEGER NOT NULL,
            content_type TEXT,
            reason TEXT NOT NULL,
            dead_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS clock (
            id INTEGER PRIMARY KEY CHECK (id = 0),
            held_ms INTEGER NOT NULL);
        INSERT OR IGNORE INTO clock (id, held_ms) VALUES (0, 0);
        """;

    // Outboxes written before the outbox clock kept wall-clock expiry times; their messages start their clock now.
    private const string MigrateFirstSchema = """
        INSERT INTO pending (id, topic, payload, qos, retain, content_type, coalesce_key, held_since_ms)
            SELECT id, topic, payload, qos, retain, content_type, coalesce_key, (SELECT held_ms FROM clock) FROM outbox;
        DROP TABLE outbox;
        """;

    /// <summary>Opens (creating when missing) the outbox at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidOperationException">The file cannot be opened or created at all (permissions, missing disk).</exception>
    public static SqliteConnection Open(string path, TimeProvider time, ILogger logger)
    {
        try
        {
            return OpenWithSchema(path);
        }
        catch (SqliteException ex) when ((ex.SqliteErrorCode & 0xFF) is Corrupt or NotADatabase)
        {
            string aside;
            try
            {
                aside = MoveAside(path, time);
            }
            catch (IOException move)
            {
                throw new InvalidOperationException($"Mqtt:OutboxPath '{path}' is corrupt ({ex.Message}) and cannot be moved aside: {move.Message}", move);
            }

            long readable = ReadableRows(aside);
            logger.LogError("MQTT outbox {Path} is corrupt ({Reason}); moved aside to {Aside}, where {Rows} message(s) could still be read, and started a new one",
                path, ex.Message, aside, readable);
        }
        catch (SqliteException ex)
        {
            throw new InvalidOperationException($"Mqtt:OutboxPath '{path}' cannot be opened: {ex.Message}", ex);
        }

        try
        {
            return OpenWithSchema(path);
        }
        catch (SqliteException ex)
        {
            throw new InvalidOperationException($"Mqtt:OutboxPath '{path}' cannot be opened: {ex.Message}", ex);
        }
    }

    private static SqliteConnection OpenWithSchema(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, Schema);
            if (Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'outbox'") is 1L)
            {
                Execute(connection, MigrateFirstSchema);
            }

            // The outbox is small (bounded by Mqtt:OutboxMaxMessages), so the full check costs little at start.
            if (Scalar(connection, "PRAGMA integrity_check(1)") is not "ok" and var problem)
            {
                throw new SqliteException($"integrity check failed: {problem}", Corrupt);
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Renames the database and its WAL and shared-memory files; returns the new database name.</summary>
    private static string MoveAside(string path, TimeProvider time)
    {
        SqliteConnection.ClearAllPools();
        string stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        string aside = $"{path}.corrupt-{stamp}";
        foreach (string suffix in new[] { "", "-wal", "-shm" })
        {
            if (File.Exists(path + suffix))
            {
                File.Move(path + suffix, aside + suffix, overwrite: true);
            }
        }

        return aside;
    }

    /// <summary>How many queued messages the damaged file still yields, read one by one until the damage stops it.</summary>
    private static long ReadableRows(string path)
    {
        long rows = 0;
        try
        {
            using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            connection.Open();
            foreach (string table in new[] { "pending", "outbox" })
            {
                try
                {
                    using var command = connection.CreateCommand();
                    command.CommandText = $"SELECT topic, payload FROM {table}";
                    using var reader = command.ExecuteReader();
                    while (reader.Read())
                    {
                        rows++;
                    }
                }
                catch (SqliteException)
                {
                    // That table is missing or damaged past here; count what the other one holds.
                }
            }
        }
        catch (SqliteException)
        {
            // SQLite cannot read the file at all.
        }

        return rows;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
