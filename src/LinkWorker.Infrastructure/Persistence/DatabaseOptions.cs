namespace LinkWorker.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The "Database" configuration section; the connection string is ConnectionStrings:LinkWorker.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply migrations at start-up (the default). Operators who migrate separately turn it off.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>How long one SQL command may run before it is cancelled and the request answers 503 (docs/operations.md).</summary>
    public int CommandTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// PostgreSQL ends a session that sits idle inside an open transaction this long (idle_in_transaction_session_timeout),
    /// so a stuck request can never hold locks (an idempotency key, a case row) for longer.
    /// </summary>
    public int IdleInTransactionTimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// PostgreSQL: the most connections one node opens (Npgsql's Maximum Pool Size; its default is 100), the API and
    /// the background jobs together. Two nodes at 40 stay below PostgreSQL's default max_connections of 100 with
    /// room for operators; a 2-core node cannot keep more than a few busy anyway, so a burst waits for a pooled
    /// connection instead of failing with "too many clients" (ADR 34). A value in the connection string wins.
    /// </summary>
    public int MaxPoolSize { get; set; } = 40;
}
