using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Modular.Sdk.State;

/// <summary>
/// The durable <see cref="IStateStore"/>: one SQLite file (WAL), one connection behind one async lock,
/// so every operation is atomic. Expiry is stored as Unix milliseconds of the host's
/// <see cref="TimeProvider"/>; expired rows are ignored when read and purged every <see cref="PurgeEvery"/> writes.
/// </summary>
public sealed class SqliteStateStore : IStateStore, IAsyncDisposable, IDisposable
{
    private const int PurgeEvery = 1024;

    private readonly TimeProvider _time;
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _writesSincePurge;

    public SqliteStateStore(string path, TimeProvider time)
    {
        _time = time;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        Execute("CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value BLOB NOT NULL, expires_at INTEGER NULL) WITHOUT ROWID;");
        Execute("DELETE FROM state WHERE expires_at IS NOT NULL AND expires_at <= $now;", ("$now", Now()));
    }

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Query("SELECT value FROM state WHERE key = $key AND (expires_at IS NULL OR expires_at > $now);", ("$key", key), ("$now", Now()));
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Execute("INSERT INTO state (key, value, expires_at) VALUES ($key, $value, $expires) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at;",
                ("$key", key), ("$value", value.ToArray()), ("$expires", Expiry(ttl)));
            AfterWrite();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<bool> SetIfAbsentAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Inserts, or overwrites a row that has expired; a live row is left alone.
            var changed = Execute("""
                INSERT INTO state (key, value, expires_at) VALUES ($key, $value, $expires)
                ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
                WHERE state.expires_at IS NOT NULL AND state.expires_at <= $now;
                """,
                ("$key", key), ("$value", value.ToArray()), ("$expires", Expiry(ttl)), ("$now", Now()));
            AfterWrite();
            return changed > 0;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<byte[]?> TakeAsync(string key, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var value = Query("SELECT value FROM state WHERE key = $key AND (expires_at IS NULL OR expires_at > $now);", ("$key", key), ("$now", Now()));
            Execute("DELETE FROM state WHERE key = $key;", ("$key", key));
            return value;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<long> IncrementAsync(string key, long delta = 1, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = Query("SELECT value FROM state WHERE key = $key AND (expires_at IS NULL OR expires_at > $now);", ("$key", key), ("$now", Now()));
            if (current is null)
            {
                Execute("INSERT INTO state (key, value, expires_at) VALUES ($key, $value, $expires) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at;",
                    ("$key", key), ("$value", MemoryStateStore.FormatCounter(delta)), ("$expires", Expiry(ttl)));
                AfterWrite();
                return delta;
            }
            var next = checked(MemoryStateStore.ParseCounter(key, current) + delta);
            Execute("UPDATE state SET value = $value WHERE key = $key;", ("$key", key), ("$value", MemoryStateStore.FormatCounter(next)));
            return next;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var existed = Query("SELECT value FROM state WHERE key = $key AND (expires_at IS NULL OR expires_at > $now);", ("$key", key), ("$now", Now())) is not null;
            Execute("DELETE FROM state WHERE key = $key;", ("$key", key));
            return existed;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async IAsyncEnumerable<KeyValuePair<string, byte[]>> ScanAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var matches = new List<KeyValuePair<string, byte[]>>();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT key, value FROM state WHERE substr(key, 1, length($prefix)) = $prefix AND (expires_at IS NULL OR expires_at > $now);";
            command.Parameters.AddWithValue("$prefix", prefix);
            command.Parameters.AddWithValue("$now", Now());
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                matches.Add(new(reader.GetString(0), (byte[])reader.GetValue(1)));
            }
        }
        finally
        {
            _gate.Release();
        }
        foreach (var match in matches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return match;
        }
    }

    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private object Expiry(TimeSpan? ttl) => ttl is { } t ? Now() + (long)t.TotalMilliseconds : DBNull.Value;

    private void AfterWrite()
    {
        if (++_writesSincePurge >= PurgeEvery)
        {
            _writesSincePurge = 0;
            Execute("DELETE FROM state WHERE expires_at IS NOT NULL AND expires_at <= $now;", ("$now", Now()));
        }
    }

    private int Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Prepare(sql, parameters);
        return command.ExecuteNonQuery();
    }

    private byte[]? Query(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Prepare(sql, parameters);
        return command.ExecuteScalar() as byte[];
    }

    private SqliteCommand Prepare(string sql, (string Name, object Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command;
    }
}
