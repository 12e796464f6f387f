using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;

namespace LinkWorker.Infrastructure.Persistence.Migrations;

internal static class MigrationHelpers
{
    private const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";

    public static bool IsSqlite(this MigrationBuilder migrationBuilder) => migrationBuilder.ActiveProvider == SqliteProvider;

    /// <summary>
    /// A UTC point in time: timestamptz on PostgreSQL, UTC ticks (INTEGER) on SQLite, which cannot compare
    /// DateTimeOffset text. Matches the model's value conversion in LinkWorkerDbContext.
    /// </summary>
    public static OperationBuilder<AddColumnOperation> Timestamp(this ColumnsBuilder table, MigrationBuilder migrationBuilder, bool nullable) =>
        migrationBuilder.IsSqlite() ? table.Column<long>(nullable: nullable) : table.Column<DateTimeOffset>(nullable: nullable);

    /// <summary>The same as <see cref="Timestamp"/>, added to an existing table.</summary>
    public static void AddTimestampColumn(this MigrationBuilder migrationBuilder, string name, string table, bool nullable)
    {
        if (migrationBuilder.IsSqlite())
        {
            migrationBuilder.AddColumn<long>(name: name, table: table, nullable: nullable);
        }
        else
        {
            migrationBuilder.AddColumn<DateTimeOffset>(name: name, table: table, nullable: nullable);
        }
    }

    /// <summary>
    /// Drops a column on both providers: EF Core's SQLite provider refuses DropColumn without a model snapshot,
    /// while SQLite itself (3.35+) can drop one.
    /// </summary>
    public static void DropColumnOnAnyProvider(this MigrationBuilder migrationBuilder, string table, string column)
    {
        if (migrationBuilder.IsSqlite())
        {
            migrationBuilder.Sql($"ALTER TABLE \"{table}\" DROP COLUMN \"{column}\"");
        }
        else
        {
            migrationBuilder.DropColumn(name: column, table: table);
        }
    }
}

/// <summary>Makes a table append-only in the database itself: updates and deletes are refused for every client.</summary>
internal static class AuditTrailProtection
{
    public static void Create(MigrationBuilder migrationBuilder, string table)
    {
        if (migrationBuilder.IsSqlite())
        {
            foreach (var operation in (string[])["UPDATE", "DELETE"])
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER "{table}_no_{operation.ToLowerInvariant()}" BEFORE {operation} ON "{table}"
                    BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;
                    """);
            }

            return;
        }

        migrationBuilder.Sql($"""
            CREATE FUNCTION "{table}_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{table} is append-only'; END $$;
            CREATE TRIGGER "{table}_no_update_or_delete" BEFORE UPDATE OR DELETE ON "{table}"
            FOR EACH ROW EXECUTE FUNCTION "{table}_append_only"();
            """);
    }

    public static void Drop(MigrationBuilder migrationBuilder, string table)
    {
        if (migrationBuilder.IsSqlite())
        {
            migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{table}_no_update"; DROP TRIGGER IF EXISTS "{table}_no_delete";""");
            return;
        }

        migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{table}_no_update_or_delete" ON "{table}"; DROP FUNCTION IF EXISTS "{table}_append_only"();""");
    }
}
