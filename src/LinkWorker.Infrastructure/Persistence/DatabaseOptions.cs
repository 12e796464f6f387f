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
}
