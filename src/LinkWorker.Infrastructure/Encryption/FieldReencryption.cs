using System.Data.Common;
using System.Globalization;
using System.Text;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LinkWorker.Infrastructure.Encryption;

/// <summary>What one pass found not under the current key, and how much of it it rewrote.</summary>
public sealed record ReencryptionPass(long Found, int Rewritten);

/// <summary>
/// Rewrites protected columns in batches, below the model: each row is read raw, each value not under the
/// current key (or still plain text) is decrypted and encrypted again, and written back only if it is still the
/// value that was read (a compare-and-set, so a user's write in between is never overwritten; the row is taken
/// again by the next run). Versions are not bumped: the plain content does not change. Citizens also get their
/// CPR number's hash. Used by the start-up conversion (plain text only) and the re-encryption job (ADR 26).
/// </summary>
public sealed class FieldReencryption(LinkWorkerDbContext db, FieldCipher cipher, IDatabaseWriteGate writeGate)
{
    public const int DefaultBatchSize = 500;

    /// <summary>
    /// One pass over every protected table, <paramref name="batchSize"/> rows at a time in key order, until
    /// <paramref name="maxBatches"/> batches' worth of rows to move were found in a table. Returns the rows found
    /// and those rewritten; fewer are rewritten than found when a row changed meanwhile.
    /// </summary>
    public async Task<ReencryptionPass> RewriteAsync(bool plainTextOnly, int batchSize = DefaultBatchSize, int maxBatches = int.MaxValue, CancellationToken cancellationToken = default)
    {
        var rewritten = 0;
        long foundInAll = 0;
        var maxFound = (long)batchSize * maxBatches;
        foreach (var table in EncryptedColumns.Of(db.Model).GroupBy(c => c.Table, StringComparer.Ordinal))
        {
            object? after = null;
            long found = 0;
            while (found < maxFound)
            {
                var (scanned, last, stale, count) = await RewriteBatch(table.Key, [.. table], plainTextOnly, batchSize, after, cancellationToken);
                rewritten += count;
                found += stale;
                if (scanned < batchSize)
                {
                    break;
                }

                after = last;
            }

            foundInAll += found;
        }

        return new ReencryptionPass(foundInAll, rewritten);
    }

    /// <summary>How many protected values are not under the current key (plain ones included); for tests and operators.</summary>
    public async Task<int> CountStaleAsync(CancellationToken cancellationToken = default)
    {
        var stale = 0;
        foreach (var table in EncryptedColumns.Of(db.Model).GroupBy(c => c.Table, StringComparer.Ordinal))
        {
            stale += await Scalar($"SELECT COUNT(*) FROM \"{table.Key}\" WHERE {Stale([.. table], plainTextOnly: false)}", cancellationToken);
        }

        return stale;
    }

    private async Task<(int Scanned, object? Last, int Stale, int Rewritten)> RewriteBatch(
        string table, List<EncryptedColumn> columns, bool plainTextOnly, int batchSize, object? after, CancellationToken cancellationToken)
    {
        var isCitizens = table == "Citizens";
        var select = new StringBuilder("SELECT \"Id\", (").Append(Stale(columns, plainTextOnly)).Append(") AS \"Stale\"");
        foreach (var column in columns)
        {
            select.Append(", \"").Append(column.Column).Append('"');
        }

        select.Append(" FROM \"").Append(table).Append('"');
        if (after is not null)
        {
            select.Append(" WHERE \"Id\" > @after");
        }

        select.Append(" ORDER BY \"Id\" LIMIT ").Append(batchSize.ToString(CultureInfo.InvariantCulture));

        // One batch of rows per statement, stale or not, read without a transaction. A search for stale rows alone
        // read a whole table in one statement when none were left, and on SQLite so long a read kept the log from
        // being checkpointed: it grew past the automatic checkpoint's bound, and requests' commits did the
        // checkpoint (stalls of 0.1-0.4 s for half a minute, issue 18). A transaction took the write lock for the
        // scan (ADR 40). The compare-and-set below keeps what changed meanwhile.
        var read = new List<(object Id, string?[] Values)>();
        var scanned = 0;
        object? last = null;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = Command(select.ToString(), null);
            if (after is not null)
            {
                Add(command, "@after", after);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                scanned++;
                last = reader.GetValue(0);
                if (!Convert.ToBoolean(reader.GetValue(1), CultureInfo.InvariantCulture))
                {
                    continue;
                }

                var values = new string?[columns.Count];
                for (var i = 0; i < columns.Count; i++)
                {
                    values[i] = reader.IsDBNull(i + 2) ? null : reader.GetString(i + 2);
                }

                read.Add((last, values));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        var current = cipher.Ring.CurrentKeyId;
        var updates = read.Select(row => Update(table, columns, isCitizens, current, row.Id, row.Values)).OfType<PendingUpdate>().ToList();
        var rewritten = 0;
        if (updates.Count > 0)
        {
            // The writes alone take the process's write turn and one short transaction.
            using var turn = await writeGate.EnterAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var (sql, parameters) in updates)
            {
                await using var update = Command(sql, transaction);
                foreach (var (name, value) in parameters)
                {
                    Add(update, name, value);
                }

                rewritten += await update.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return (scanned, last, read.Count, rewritten);
    }

    /// <summary>The row's values under the current key, written only where they are still those read; null if none moves.</summary>
    private PendingUpdate? Update(string table, List<EncryptedColumn> columns, bool isCitizens, int current, object id, string?[] values)
    {
        var set = new StringBuilder();
        var where = new StringBuilder("\"Id\" = @id");
        var parameters = new List<(string, object)> { ("@id", id) };
        for (var i = 0; i < columns.Count; i++)
        {
            if (values[i] is not { } stored || FieldCipher.KeyIdOf(stored) == current)
            {
                continue;
            }

            var plain = cipher.Decrypt(stored, columns[i].AssociatedData);
            Append(set, columns[i].Column, $"@n{i}");
            parameters.Add(($"@n{i}", cipher.Encrypt(plain, columns[i].AssociatedData)));
            where.Append(" AND \"").Append(columns[i].Column).Append("\" = @o").Append(i);
            parameters.Add(($"@o{i}", stored));
            if (isCitizens && columns[i].Column == "CprNumber")
            {
                Append(set, EncryptedColumns.CprHash, "@hash");
                parameters.Add(("@hash", cipher.CprHash(plain)));
            }
        }

        if (isCitizens && set.Length == 0 && columns.FindIndex(c => c.Column == "CprNumber") is var cpr and >= 0 && values[cpr] is { } storedCpr)
        {
            // Encrypted already, but its hash is missing.
            Append(set, EncryptedColumns.CprHash, "@hash");
            parameters.Add(("@hash", cipher.CprHash(cipher.Decrypt(storedCpr, columns[cpr].AssociatedData))));
            where.Append(" AND \"CprNumber\" = @ocpr");
            parameters.Add(("@ocpr", storedCpr));
        }

        return set.Length == 0 ? null : new PendingUpdate($"UPDATE \"{table}\" SET {set} WHERE {where}", parameters);

        static void Append(StringBuilder set, string column, string parameter) =>
            set.Append(set.Length > 0 ? ", " : "").Append('"').Append(column).Append("\" = ").Append(parameter);
    }

    private string Stale(IReadOnlyList<EncryptedColumn> columns, bool plainTextOnly)
    {
        // '$' and digits are no LIKE wildcards on either database.
        var underCurrent = plainTextOnly
            ? FieldCipher.Prefix + "%"
            : FieldCipher.Prefix + cipher.Ring.CurrentKeyId.ToString(CultureInfo.InvariantCulture) + "$%";
        var conditions = columns.Select(c => $"(\"{c.Column}\" IS NOT NULL AND \"{c.Column}\" NOT LIKE '{underCurrent}')").ToList();
        if (columns.Any(c => c is { Table: "Citizens", Column: "CprNumber" }))
        {
            conditions.Add($"(\"CprNumber\" IS NOT NULL AND \"{EncryptedColumns.CprHash}\" IS NULL)");
        }

        return string.Join(" OR ", conditions);
    }

    private async Task<int> Scalar(string sql, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = Command(sql, db.Database.CurrentTransaction);
            return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private DbCommand Command(string sql, IDbContextTransaction? transaction)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction?.GetDbTransaction();
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private sealed record PendingUpdate(string Sql, List<(string Name, object Value)> Parameters);
}
