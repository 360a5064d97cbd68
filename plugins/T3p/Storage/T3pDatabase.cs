using Microsoft.Data.Sqlite;

namespace Modular.Plugins.T3p.Storage;

/// <summary>
/// Users, tickets and revocations in SQLite (<c>dataDir/t3p.db</c>), so a restart loses nothing and
/// keeps revoked tickets revoked. One short-lived connection per operation (pooled by the driver).
/// </summary>
public sealed class T3pDatabase
{
    private readonly string _connectionString;

    public T3pDatabase(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
        using var connection = Open();
        Execute(connection, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS users (
                name TEXT PRIMARY KEY, hash TEXT NOT NULL, roles TEXT NOT NULL, groups TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS tickets (
                jti TEXT PRIMARY KEY, kind TEXT NOT NULL, sub TEXT NOT NULL, parent TEXT, exp INTEGER NOT NULL,
                conn TEXT, revoked INTEGER NOT NULL DEFAULT 0, reason TEXT, last_validated INTEGER);
            """);
    }

    public T3pUser? FindUser(string name)
    {
        using var connection = Open();
        using var command = Command(connection, "SELECT name, hash, roles, groups FROM users WHERE name = $name", ("$name", name));
        using var reader = command.ExecuteReader();
        return reader.Read() ? new T3pUser(reader.GetString(0), reader.GetString(1), Split(reader.GetString(2)), Split(reader.GetString(3))) : null;
    }

    public IReadOnlyList<T3pUser> ListUsers()
    {
        using var connection = Open();
        using var command = Command(connection, "SELECT name, hash, roles, groups FROM users ORDER BY name");
        using var reader = command.ExecuteReader();
        var users = new List<T3pUser>();
        while (reader.Read())
        {
            users.Add(new T3pUser(reader.GetString(0), reader.GetString(1), Split(reader.GetString(2)), Split(reader.GetString(3))));
        }
        return users;
    }

    /// <summary>Adds the user; false when the name is taken.</summary>
    public bool AddUser(T3pUser user)
    {
        using var connection = Open();
        using var command = Command(connection, "INSERT OR IGNORE INTO users (name, hash, roles, groups) VALUES ($name, $hash, $roles, $groups)",
            ("$name", user.Name), ("$hash", user.PasswordHash), ("$roles", string.Join(',', user.Roles)), ("$groups", string.Join(',', user.Groups)));
        return command.ExecuteNonQuery() == 1;
    }

    public bool SetPassword(string name, string passwordHash)
    {
        using var connection = Open();
        using var command = Command(connection, "UPDATE users SET hash = $hash WHERE name = $name", ("$name", name), ("$hash", passwordHash));
        return command.ExecuteNonQuery() == 1;
    }

    public bool DeleteUser(string name)
    {
        using var connection = Open();
        using var command = Command(connection, "DELETE FROM users WHERE name = $name", ("$name", name));
        return command.ExecuteNonQuery() == 1;
    }

    public void AddTicket(TicketRecord ticket)
    {
        using var connection = Open();
        using var command = Command(connection,
            "INSERT INTO tickets (jti, kind, sub, parent, exp, conn, revoked) VALUES ($jti, $kind, $sub, $parent, $exp, $conn, 0)",
            ("$jti", ticket.Jti), ("$kind", ticket.Kind), ("$sub", ticket.Subject), ("$parent", ticket.Parent),
            ("$exp", ticket.Expires.ToUnixTimeSeconds()), ("$conn", ticket.Connection));
        command.ExecuteNonQuery();
    }

    public TicketRecord? FindTicket(string jti)
    {
        using var connection = Open();
        using var command = Command(connection, "SELECT jti, kind, sub, parent, exp, conn, revoked, last_validated FROM tickets WHERE jti = $jti", ("$jti", jti));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }
        return new TicketRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
            DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(4)), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt64(6) != 0,
            reader.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(7)));
    }

    /// <summary>True when the ticket and every parent up its chain are known and not revoked.</summary>
    public bool IsLive(string jti)
    {
        // A chain is short (session ticket, service ticket, a few derivations); the bound stops a cycle.
        for (var depth = 0; depth < 64; depth++)
        {
            var ticket = FindTicket(jti);
            if (ticket is null || ticket.Revoked)
            {
                return false;
            }
            if (ticket.Parent is null)
            {
                return true;
            }
            jti = ticket.Parent;
        }
        return false;
    }

    /// <summary>Revokes the ticket for good; false when it is unknown.</summary>
    public bool Revoke(string jti, string reason)
    {
        using var connection = Open();
        using var command = Command(connection, "UPDATE tickets SET revoked = 1, reason = COALESCE(reason, $reason) WHERE jti = $jti", ("$jti", jti), ("$reason", reason));
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>Revokes every ticket bound to <paramref name="connection"/>: it has closed.</summary>
    public int RevokeConnection(string connection)
    {
        using var db = Open();
        using var command = Command(db, "UPDATE tickets SET revoked = 1, reason = 'connection closed' WHERE conn = $conn AND revoked = 0", ("$conn", connection));
        return command.ExecuteNonQuery();
    }

    /// <summary>At start: connection-bound tickets of an earlier process outlived their connections.</summary>
    public int RevokeAllConnectionBound()
    {
        using var db = Open();
        using var command = Command(db, "UPDATE tickets SET revoked = 1, reason = 'connection closed' WHERE conn IS NOT NULL AND revoked = 0");
        return command.ExecuteNonQuery();
    }

    /// <summary>
    /// Forgets tickets that expired before <paramref name="before"/>. Pass now minus the maximum lifetime:
    /// a ticket cut from a parent was issued while the parent lived, so it has expired by then as well.
    /// </summary>
    public int PruneExpired(DateTimeOffset before)
    {
        using var db = Open();
        using var command = Command(db, "DELETE FROM tickets WHERE exp < $before", ("$before", before.ToUnixTimeSeconds()));
        return command.ExecuteNonQuery();
    }

    public void MarkValidated(string jti, DateTimeOffset when)
    {
        using var connection = Open();
        using var command = Command(connection, "UPDATE tickets SET last_validated = $at WHERE jti = $jti", ("$jti", jti), ("$at", when.ToUnixTimeSeconds()));
        command.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = Command(connection, sql);
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
