using System.Data.Common;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Tests.Support;

/// <summary>
/// Reads what a database really holds — tables, columns with type and nullability, indexes with uniqueness and
/// filter, foreign keys with their delete rule — as comparable lines.
/// </summary>
public static class SchemaReader
{
    private static readonly string[] Ignored = ["__EFMigrationsHistory", "__EFMigrationsLock"];

    public static async Task<SortedSet<string>> Read(LinkWorkerDbContext db)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            return db.Database.IsSqlite() ? await ReadSqlite(connection) : await ReadPostgres(connection);
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private static async Task<SortedSet<string>> ReadSqlite(DbConnection connection)
    {
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        var tables = await Query(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", r => r.GetString(0));
        foreach (var table in tables.Where(t => !Ignored.Contains(t)))
        {
            lines.Add($"table {table}");
            lines.UnionWith(await Query(connection, $"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table}')",
                r => $"column {table}.{r.GetString(0)} {r.GetString(1)} notnull={r.GetInt64(2)} pk={r.GetInt64(3)}"));
            var indexes = await Query(connection, $"SELECT name, \"unique\", origin, partial FROM pragma_index_list('{table}')",
                r => (Name: r.GetString(0), Unique: r.GetInt64(1), Origin: r.GetString(2), Partial: r.GetInt64(3)));
            foreach (var index in indexes.Where(i => i.Origin == "c"))
            {
                var columns = await Query(connection, $"SELECT name FROM pragma_index_info('{index.Name}') ORDER BY seqno", r => r.GetString(0));
                var sql = (await Query(connection, $"SELECT sql FROM sqlite_master WHERE name = '{index.Name}'", r => r.GetString(0))).Single();
                var filter = sql.Contains(" WHERE ", StringComparison.Ordinal) ? sql[(sql.IndexOf(" WHERE ", StringComparison.Ordinal) + 7)..] : "";
                lines.Add($"index {table}.{index.Name} ({string.Join(',', columns)}) unique={index.Unique} where={filter}");
            }

            lines.UnionWith(await Query(connection, $"SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{table}')",
                r => $"fk {table}.{r.GetString(1)} -> {r.GetString(0)}.{r.GetString(2)} on delete {r.GetString(3)}"));
        }

        return lines;
    }

    private static async Task<SortedSet<string>> ReadPostgres(DbConnection connection)
    {
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        lines.UnionWith(await Query(connection, """
            SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
            """, r => $"table {r.GetString(0)}"));
        lines.UnionWith(await Query(connection, """
            SELECT table_name, column_name, data_type, coalesce(character_maximum_length, 0), is_nullable, coalesce(is_identity, 'NO')
            FROM information_schema.columns WHERE table_schema = 'public'
            """, r => $"column {r.GetString(0)}.{r.GetString(1)} {r.GetString(2)}({r.GetInt32(3)}) nullable={r.GetString(4)} identity={r.GetString(5)}"));
        lines.UnionWith(await Query(connection, "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
            r => $"index {r.GetString(0)}.{r.GetString(1)} {r.GetString(2)}"));
        lines.UnionWith(await Query(connection, """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE connamespace = 'public'::regnamespace AND contype IN ('f', 'p', 'u')
            """, r => $"constraint {r.GetString(0)}.{r.GetString(1)} {r.GetString(2)}"));
        lines.RemoveWhere(line => Ignored.Any(ignored => line.Contains(ignored, StringComparison.Ordinal)));
        return lines;
    }

    private static async Task<List<T>> Query<T>(DbConnection connection, string sql, Func<DbDataReader, T> read)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
