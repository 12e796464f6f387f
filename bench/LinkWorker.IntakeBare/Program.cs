using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LinkWorker.IntakeBare;

/// <summary>
/// The reference for intake (issue 18): a bare program that writes exactly the rows one referral writes — a citizen,
/// a case, a referral, a consent, a routing decision, a completed idempotency key, three audit entries, the audit
/// chain's head and the guide's count — in one transaction, into a database the server created (same tables, same
/// indexes), with N concurrent writers. Each row is copied from a referral the server wrote (the template), with new
/// keys, so the rows have the server's sizes. No ORM, no HTTP, no routing: what the database itself costs.
/// </summary>
internal static class Program
{
    private static readonly string[] Tables = ["Citizens", "Cases", "Referrals", "Consents", "RoutingDecisions", "IdempotencyRecords", "AuditEntries"];

    private static async Task<int> Main(string[] args)
    {
        if (args.Length < 2 || args[0] is not ("sqlite" or "postgres"))
        {
            Console.WriteLine("""
                Usage: LinkWorker.IntakeBare sqlite|postgres "<connection string>" [count=3000] [concurrency=8] [warmup=100]
                The database must hold at least one referral written by the server (run the load driver's warm-up first).
                """);
            return 2;
        }

        var sqlite = args[0] == "sqlite";
        var connectionString = args[1];
        var count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3000;
        var concurrency = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 8;
        var warmup = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 100;

        var writer = new Writer(sqlite, connectionString);
        await writer.Prepare();
        await writer.Run(warmup, concurrency);
        var (wall, latencies) = await writer.Run(count, concurrency);

        Array.Sort(latencies);
        Console.WriteLine(Invariant($"bare {args[0]}: {count} transactions, concurrency {concurrency}, {wall.TotalSeconds:0.000} s"));
        Console.WriteLine(Invariant(
            $"  throughput {count / wall.TotalSeconds:0.0} tx/s, p50 {Percentile(latencies, 50):0.00} ms, p99 {Percentile(latencies, 99):0.00} ms, max {latencies[^1]:0.00} ms"));
        Console.WriteLine(Invariant($"markdown-bare: | {args[0]} | {count} | {concurrency} | {count / wall.TotalSeconds:0.0} | {Percentile(latencies, 50):0.00} | {Percentile(latencies, 99):0.00} |"));
        return 0;
    }

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static double Percentile(double[] sorted, double percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private sealed class Writer(bool sqlite, string connectionString)
    {
        private readonly Dictionary<string, string> _insert = new(StringComparer.Ordinal);
        private readonly SemaphoreSlim? _oneWriter = sqlite ? new SemaphoreSlim(1, 1) : null; // as the server: one writer per process
        private string _template = "";
        private long _sequence = Random.Shared.NextInt64(1_000_000_000L, 8_000_000_000L);

        public async Task Prepare()
        {
            await using var connection = await Open();
            // The newest referral and its rows are the template.
            _template = (string)(await Scalar(connection, """SELECT CAST("CaseId" AS TEXT) FROM "Referrals" ORDER BY "ReceivedAt" DESC LIMIT 1"""))!;
            foreach (var table in Tables)
            {
                var columns = await Columns(connection, table);
                _insert[table] = InsertFor(table, columns);
            }
        }

        public async Task<(TimeSpan Wall, double[] Latencies)> Run(int count, int concurrency)
        {
            var latencies = new double[count];
            var next = -1;
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                await using var connection = await Open();
                while (Interlocked.Increment(ref next) is var slot && slot < count)
                {
                    var begun = Stopwatch.GetTimestamp();
                    await WriteOne(connection);
                    latencies[slot] = Stopwatch.GetElapsedTime(begun).TotalMilliseconds;
                }
            })));
            return (Stopwatch.GetElapsedTime(started), latencies);
        }

        private async Task WriteOne(DbConnection connection)
        {
            if (_oneWriter is not null)
            {
                await _oneWriter.WaitAsync();
            }

            try
            {
                var n = Interlocked.Increment(ref _sequence);
                var citizen = Guid.CreateVersion7();
                var @case = Guid.CreateVersion7();
                var chain = Random.Shared.Next(0, await ChainCount(connection));
                await using var transaction = await connection.BeginTransactionAsync();
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                // One batch (PostgreSQL: one round trip); the same statements a referral's save sends.
                command.CommandText = string.Join(";\n",
                    """UPDATE "AuditChainHeads" SET "LastSequence" = "LastSequence" + 3 WHERE "Chain" = @chain""",
                    """UPDATE "Guides" SET "ActiveCaseCount" = "ActiveCaseCount" + 1 WHERE "Id" = (SELECT "AssignedGuideId" FROM "Cases" WHERE "Id" = @template)""",
                    _insert["Citizens"], _insert["Cases"], _insert["Referrals"], _insert["Consents"], _insert["RoutingDecisions"],
                    _insert["IdempotencyRecords"], _insert["AuditEntries"]);
                Add(command, "chain", chain);
                Add(command, "template", Id(Guid.Parse(_template)));
                Add(command, "citizen", Id(citizen));
                Add(command, "case", Id(@case));
                Add(command, "cpr", (n % 10_000_000_000L).ToString("0000000000", CultureInfo.InvariantCulture));
                // The lookup hash is unique per municipality (ADR 26): a fresh one, as a new citizen's would be.
                Add(command, "cprhash", Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
                Add(command, "key", Guid.NewGuid().ToString());
                Add(command, "referral", Id(Guid.CreateVersion7()));
                Add(command, "consent", Id(Guid.CreateVersion7()));
                Add(command, "decision", Id(Guid.CreateVersion7()));
                Add(command, "idempotency", Id(Guid.CreateVersion7()));
                Add(command, "audit1", Id(Guid.CreateVersion7()));
                Add(command, "audit2", Id(Guid.CreateVersion7()));
                Add(command, "audit3", Id(Guid.CreateVersion7()));
                await command.ExecuteNonQueryAsync();
                await transaction.CommitAsync();
            }
            finally
            {
                _oneWriter?.Release();
            }
        }

        private object Id(Guid id) => sqlite ? id.ToString().ToUpperInvariant() : id;

        private static void Add(DbCommand command, string name, object value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        // INSERT … SELECT from the template's row, with new keys; everything else is the server's own values.
        private static string InsertFor(string table, IReadOnlyList<string> columns)
        {
            var replaced = table switch
            {
                "Citizens" => new Dictionary<string, string> { ["Id"] = "@citizen", ["CprNumber"] = "@cpr", ["CprHash"] = "@cprhash" },
                "Cases" => new Dictionary<string, string> { ["Id"] = "@case", ["CitizenId"] = "@citizen" },
                "Referrals" => new Dictionary<string, string> { ["Id"] = "@referral", ["CaseId"] = "@case", ["CitizenId"] = "@citizen" },
                "Consents" => new Dictionary<string, string> { ["Id"] = "@consent", ["CaseId"] = "@case" },
                "RoutingDecisions" => new Dictionary<string, string> { ["Id"] = "@decision", ["CaseId"] = "@case" },
                "IdempotencyRecords" => new Dictionary<string, string> { ["Id"] = "@idempotency", ["Key"] = "@key" },
                _ => new Dictionary<string, string>
                {
                    ["Id"] = "(CASE t.\"n\" WHEN 1 THEN @audit1 WHEN 2 THEN @audit2 ELSE @audit3 END)",
                    ["Chain"] = "@chain",
                    ["Sequence"] = "(SELECT \"LastSequence\" FROM \"AuditChainHeads\" WHERE \"Chain\" = @chain) - 3 + t.\"n\"",
                },
            };
            var names = string.Join(", ", columns.Select(c => $"\"{c}\""));
            var values = string.Join(", ", columns.Select(c => replaced.TryGetValue(c, out var v) ? v : $"s.\"{c}\""));
            var source = table switch
            {
                "Citizens" => "\"Citizens\" s WHERE s.\"Id\" = (SELECT \"CitizenId\" FROM \"Cases\" WHERE \"Id\" = @template)",
                "Cases" => "\"Cases\" s WHERE s.\"Id\" = @template",
                "Referrals" or "Consents" or "RoutingDecisions" => $"\"{table}\" s WHERE s.\"CaseId\" = @template AND s.\"Id\" = (SELECT \"Id\" FROM \"{table}\" WHERE \"CaseId\" = @template ORDER BY \"Id\" LIMIT 1)",
                "IdempotencyRecords" => "\"IdempotencyRecords\" s WHERE s.\"Id\" = (SELECT \"Id\" FROM \"IdempotencyRecords\" WHERE \"CompletedAt\" IS NOT NULL ORDER BY \"Id\" DESC LIMIT 1)",
                // Three audit rows shaped like a referral's (citizen, case, referral).
                _ => "\"AuditEntries\" s CROSS JOIN (SELECT 1 AS \"n\" UNION ALL SELECT 2 UNION ALL SELECT 3) t WHERE s.\"Id\" = (SELECT \"Id\" FROM \"AuditEntries\" WHERE \"Action\" = 'SubmitReferral' ORDER BY \"Id\" DESC LIMIT 1)",
            };
            return $"INSERT INTO \"{table}\" ({names}) SELECT {values} FROM {source}";
        }

        private async Task<int> ChainCount(DbConnection connection) =>
            _chains ??= Convert.ToInt32(await Scalar(connection, "SELECT COUNT(*) FROM \"AuditChainHeads\""), CultureInfo.InvariantCulture);

        private int? _chains;

        private async Task<IReadOnlyList<string>> Columns(DbConnection connection, string table)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sqlite
                ? "SELECT name FROM pragma_table_info(@t)"
                : "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @t ORDER BY ordinal_position";
            Add(command, "t", table);
            var names = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }

            return names;
        }

        private static async Task<object?> Scalar(DbConnection connection, string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return await command.ExecuteScalarAsync();
        }

        private async Task<DbConnection> Open()
        {
            DbConnection connection = sqlite ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            if (sqlite)
            {
                // As the server's connections: WAL (set by the server on the file), a busy timeout, NORMAL sync in WAL.
                await Scalar(connection, "PRAGMA busy_timeout = 30000");
            }

            return connection;
        }
    }
}
