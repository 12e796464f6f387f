using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LinkWorker.ReportBench;

/// <summary>One SQL query of a report: its table, the rows it returned and how long its reader lived.</summary>
/// <param name="Execute">From sending the command to the first result.</param>
/// <param name="Total">From sending the command until EF closed the reader: the query plus reading and materializing every row.</param>
/// <param name="Parameters">The command's parameters, for running the same SQL again without EF (--diagnose).</param>
internal sealed record CommandTiming(string Label, string Sql, IReadOnlyList<QueryParameter> Parameters, int Rows, TimeSpan Execute, TimeSpan Total);

internal sealed record QueryParameter(string Name, object? Value, System.Data.DbType Type);

/// <summary>
/// Times every query EF runs in the flow that called <see cref="Capture"/>. What a report spends outside these
/// readers is the handler's work in memory (and the pipeline's, which is small).
/// </summary>
internal sealed partial class CommandTimer : DbCommandInterceptor
{
    private static readonly AsyncLocal<List<CommandTiming>?> Current = new();
    private static readonly AsyncLocal<Dictionary<Guid, TimeSpan>?> Executed = new();

    /// <summary>Starts collecting the queries of this async flow; the list fills as they finish.</summary>
    public static List<CommandTiming> Capture()
    {
        var list = new List<CommandTiming>();
        Current.Value = list;
        Executed.Value = [];
        return list;
    }

    public static void Stop()
    {
        Current.Value = null;
        Executed.Value = null;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Executed.Value?.TryAdd(eventData.CommandId, eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Executed.Value?.TryAdd(eventData.CommandId, eventData.Duration);
        return result;
    }

    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        if (Current.Value is { } list)
        {
            var execute = Executed.Value is { } executed && executed.TryGetValue(eventData.CommandId, out var duration) ? duration : TimeSpan.Zero;
            var parameters = command.Parameters.Cast<DbParameter>().Select(p => new QueryParameter(p.ParameterName, p.Value, p.DbType)).ToList();
            // ToList reads until Read() answers false, and that read counts too. The disposing event's duration starts
            // when the reader opened, so the execution is added: a GROUP BY does nearly all its work before the first row.
            list.Add(new CommandTiming(
                Label(command.CommandText), command.CommandText, parameters, Math.Max(0, eventData.ReadCount - 1), execute, execute + eventData.Duration));
        }

        return result;
    }

    /// <summary>"Referrals +3 joins", "Cases": the first table read and how many others are joined or probed.</summary>
    private static string Label(string sql)
    {
        var tables = TableName().Matches(sql).Select(m => m.Groups[1].Value).ToList();
        if (tables.Count == 0)
        {
            return "?";
        }

        var others = tables.Count - 1;
        return others == 0 ? tables[0] : $"{tables[0]} +{others} {(others == 1 ? "table" : "tables")}";
    }

    [GeneratedRegex(@"(?:FROM|JOIN)\s+""(\w+)""", RegexOptions.IgnoreCase)]
    private static partial Regex TableName();
}
