using System.Diagnostics;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.ReportBench;

/// <summary>
/// Multiplies the seeded data set inside the database: each copy is one <c>INSERT … SELECT</c> per table of the rows
/// <see cref="DataSet"/> wrote (citizens, cases, referrals, consents, T-ILS scores, community matches), with new ids.
/// A million cases through the domain and EF Core took about an hour on this machine; copying 100,000 nine times
/// takes minutes, and every row keeps the shape the app wrote: <c>FirstContactDueAt</c>, the stored age band, and
/// the encrypted columns as the app's own cipher wrote them (ADR 0026 binds a ciphertext to its column, not its row,
/// so a copy in the same column decrypts). Copies share their original's instants, so a year of 100,000 becomes a
/// year of 1,000,000 with the same distributions.
/// </summary>
/// <remarks>
/// A copy's id is its original's with the UUID version nibble (the 15th character; 7 in every id the data set
/// makes) replaced by the copy's number: never an original's id, never another copy's. References between the copied
/// tables (CaseId, CitizenId) are mapped the same way; references to the municipality's guides, organisations and
/// users are kept.
/// </remarks>
internal static class BulkCopy
{
    private static readonly string[] Tables = ["Citizens", "Cases", "Referrals", "Consents", "TilsMeasurements", "CommunityParticipations"];

    private static readonly string[] Mapped = ["Id", "CaseId", "CitizenId"];

    // Version nibbles for copies 1…15 (7 is the originals').
    private const string Nibbles = "0123456089ABCDEF";

    public static int MaxCopies => Nibbles.Length - 1;

    /// <summary>Adds <paramref name="copies"/> copies of every case of the data set's year (and what belongs to it).</summary>
    public static async Task<TimeSpan> MultiplyAsync(LinkWorkerDbContext db, bool postgres, int copies, Action<int> progress, CancellationToken cancellationToken)
    {
        if (copies < 1 || copies > MaxCopies)
        {
            throw new ArgumentOutOfRangeException(nameof(copies), copies, $"1 to {MaxCopies} copies.");
        }

        var watch = Stopwatch.StartNew();
        var (start, end) = DataSet.Instants(DataSet.YearFrom, DataSet.YearTo);
        var columns = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var table in Tables)
        {
            columns[table] = await ColumnsAsync(db, postgres, table, cancellationToken);
        }

        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // The originals: the data set's cases (the demo's own cases are not of 2025) and what hangs off them.
        var startValue = postgres ? $"'{start.UtcDateTime:O}'::timestamptz" : start.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var endValue = postgres ? $"'{end.UtcDateTime:O}'::timestamptz" : end.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await ExecAsync(db,
            $"""CREATE TEMP TABLE "BenchCaseIds" AS SELECT "Id", "CitizenId" FROM "Cases" WHERE "MunicipalityCode" = '{DataSet.Municipality}' AND "OpenedAt" >= {startValue} AND "OpenedAt" < {endValue} AND {VersionOf(postgres, "\"Id\"")} = '7'""",
            cancellationToken);
        // Without these the planner may scan the temp table for every child row: quadratic.
        await ExecAsync(db, """CREATE UNIQUE INDEX "BenchCaseIds_Id" ON "BenchCaseIds" ("Id")""", cancellationToken);
        await ExecAsync(db, """CREATE INDEX "BenchCaseIds_CitizenId" ON "BenchCaseIds" ("CitizenId")""", cancellationToken);
        if (postgres)
        {
            await ExecAsync(db, """ANALYZE "BenchCaseIds" """, cancellationToken);
        }

        var originals = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Citizens"] = """SELECT t.* FROM "Citizens" t JOIN "BenchCaseIds" b ON b."CitizenId" = t."Id" """,
            ["Cases"] = """SELECT t.* FROM "Cases" t JOIN "BenchCaseIds" b ON b."Id" = t."Id" """,
        };
        foreach (var table in Tables.Skip(2))
        {
            originals[table] = $"""SELECT t.* FROM "{table}" t JOIN "BenchCaseIds" b ON b."Id" = t."CaseId" """;
        }

        foreach (var table in Tables)
        {
            await ExecAsync(db, $"""CREATE TEMP TABLE "Bench{table}" AS {originals[table]}""", cancellationToken);
        }

        for (var copy = 1; copy <= copies; copy++)
        {
            foreach (var table in Tables)
            {
                var list = string.Join(", ", columns[table].Select(c => $"\"{c}\""));
                var values = string.Join(", ", columns[table].Select(c => Mapped.Contains(c, StringComparer.Ordinal) ? Remap(postgres, $"\"{c}\"", Nibbles[copy]) : $"\"{c}\""));
                await ExecAsync(db, $"""INSERT INTO "{table}" ({list}) SELECT {values} FROM "Bench{table}" """, cancellationToken);
            }

            progress(copy);
        }

        foreach (var table in Tables.Append("CaseIds"))
        {
            await ExecAsync(db, $"""DROP TABLE "Bench{table}" """, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return watch.Elapsed;
    }

    // Every value in these statements is the bench's own (table and column names from the schema, instants, digits).
    private static Task<int> ExecAsync(LinkWorkerDbContext db, string sql, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(sql, cancellationToken);

    private static string VersionOf(bool postgres, string column) =>
        postgres ? $"substr({column}::text, 15, 1)" : $"substr({column}, 15, 1)";

    // Nullable references stay null (a case without a citizen does not occur, but the SQL need not care).
    private static string Remap(bool postgres, string column, char nibble) => postgres
        ? $"overlay({column}::text placing '{char.ToLowerInvariant(nibble)}' from 15 for 1)::uuid"
        : $"substr({column}, 1, 14) || '{nibble}' || substr({column}, 16)";

    private static async Task<List<string>> ColumnsAsync(LinkWorkerDbContext db, bool postgres, string table, CancellationToken cancellationToken)
    {
        var sql = postgres
            ? $"SELECT column_name AS \"Value\" FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{table}' ORDER BY ordinal_position"
            : $"SELECT name AS \"Value\" FROM pragma_table_info('{table}')";
        return await db.Database.SqlQueryRaw<string>(sql).ToListAsync(cancellationToken);
    }
}
