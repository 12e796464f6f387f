using System.Data.Common;
using System.Diagnostics;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.ReportBench;

/// <summary>
/// --diagnose: runs each query of a report again as plain ADO.NET (same SQL, same parameters, every column read
/// with GetValue, nothing materialized), and prints its plan. EF's time minus this is EF's materialization
/// (value converters, entity and record construction); this time itself is the database and the driver.
/// </summary>
internal static class Diagnosis
{
    private const int Repeats = 3;

    public static async Task PrintAsync(IServiceProvider services, DatabaseProvider provider, IReadOnlyList<CommandTiming> queries, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var connection = scope.ServiceProvider.GetRequiredService<LinkWorkerDbContext>().Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        try
        {
            foreach (var query in queries)
            {
                var best = TimeSpan.MaxValue;
                var rows = 0;
                for (var i = 0; i < Repeats; i++)
                {
                    var (took, read) = await ReadAllAsync(connection, query, cancellationToken);
                    best = took < best ? took : best;
                    rows = read;
                }

                Console.WriteLine();
                Console.WriteLine($"  {query.Label}: EF {Format.Ms(query.Total)} ms; the same SQL read raw {Format.Ms(best)} ms (best of {Repeats}, {Format.Count(rows)} rows)");
                foreach (var line in query.Sql.Split('\n'))
                {
                    Console.WriteLine($"    | {line.TrimEnd()}");
                }

                foreach (var line in await PlanAsync(connection, provider, query, cancellationToken))
                {
                    Console.WriteLine($"    plan: {line}");
                }
            }
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private static async Task<(TimeSpan Took, int Rows)> ReadAllAsync(DbConnection connection, CommandTiming query, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, query.Sql, query);
        var watch = Stopwatch.StartNew();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                _ = reader.GetValue(i);
            }

            rows++;
        }

        return (watch.Elapsed, rows);
    }

    private static async Task<List<string>> PlanAsync(DbConnection connection, DatabaseProvider provider, CommandTiming query, CancellationToken cancellationToken)
    {
        var sqlite = provider == DatabaseProvider.Sqlite;
        await using var command = Command(connection, (sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN (ANALYZE, BUFFERS) ") + query.Sql, query);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var lines = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            // SQLite: id, parent, notused, detail. PostgreSQL: one text column per line.
            lines.Add(sqlite ? reader.GetString(3) : reader.GetString(0));
        }

        return lines;
    }

    private static DbCommand Command(DbConnection connection, string sql, CommandTiming query)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // The SQL is EF's own, captured from the report's run; the values stay parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var parameter in query.Parameters)
        {
            var copy = command.CreateParameter();
            copy.ParameterName = parameter.Name;
            copy.DbType = parameter.Type;
            copy.Value = parameter.Value ?? DBNull.Value;
            command.Parameters.Add(copy);
        }

        return command;
    }
}
