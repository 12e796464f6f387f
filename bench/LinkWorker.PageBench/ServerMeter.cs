using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LinkWorker.PageBench;

/// <summary>What the server did for one request: its own time, and the SQL commands it ran (count, time, the slowest).</summary>
internal sealed record ServerSample(string Page, TimeSpan Server, int Commands, TimeSpan InDatabase, string? SlowestSql, TimeSpan Slowest, IReadOnlyList<string> CommandHeads)
{
    /// <summary>The audit record's commands (chain head, entry, subjects) and the commit (counted as one), with their time.</summary>
    public int AuditCommands { get; init; }

    public TimeSpan InAudit { get; init; }
}

/// <summary>
/// Where a page's time goes, seen from inside the app: a first middleware (before the app's own) times each
/// request, and a command interceptor adds each SQL command's time (from sending it until its reader closed) to
/// the request it ran for. Many commands per page would be an N+1; one slow command, a missing index.
/// </summary>
internal sealed class ServerMeter : DbCommandInterceptor, IDbTransactionInterceptor, IStartupFilter
{
    private sealed class Meter
    {
        public int Commands;
        public TimeSpan InDatabase;
        public string? SlowestSql;
        public TimeSpan Slowest;
        public int AuditCommands;
        public TimeSpan InAudit;
        public readonly List<string> Heads = [];
        public readonly ConcurrentDictionary<Guid, TimeSpan> Executed = new();
    }

    /// <summary>The bench names the page (or reference) it asks for: two users may ask for the same path.</summary>
    public const string PageHeader = "X-Bench-Page";

    private static readonly AsyncLocal<Meter?> Current = new();

    public ConcurrentQueue<ServerSample> Samples { get; } = new();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (HttpContext context, RequestDelegate inner) =>
        {
            var meter = new Meter();
            Current.Value = meter;
            var watch = Stopwatch.StartNew();
            try
            {
                await inner(context);
            }
            finally
            {
                Current.Value = null;
                Samples.Enqueue(new ServerSample(context.Request.Headers[PageHeader].ToString(), watch.Elapsed, meter.Commands, meter.InDatabase, meter.SlowestSql, meter.Slowest, meter.Heads)
                {
                    AuditCommands = meter.AuditCommands,
                    InAudit = meter.InAudit,
                });
            }
        });
        next(app);
    };

    public IReadOnlyList<ServerSample> Take()
    {
        var list = new List<ServerSample>();
        while (Samples.TryDequeue(out var sample))
        {
            list.Add(sample);
        }

        return list;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Current.Value?.Executed.TryAdd(eventData.CommandId, eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Current.Value?.Executed.TryAdd(eventData.CommandId, eventData.Duration);
        return result;
    }

    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        if (Current.Value is { } meter)
        {
            // The disposing event's duration starts when the reader opened: add the execution before it.
            var took = (meter.Executed.TryRemove(eventData.CommandId, out var execute) ? execute : TimeSpan.Zero) + eventData.Duration;
            Add(meter, command, took);
        }

        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (Current.Value is { } meter)
        {
            Add(meter, command, eventData.Duration);
        }

        return ValueTask.FromResult(result);
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        if (Current.Value is { } meter)
        {
            Add(meter, command, eventData.Duration);
        }

        return ValueTask.FromResult(result);
    }

    /// <summary>"SELECT … FROM "Cases"", "INSERT INTO "AuditEntrySubjects"": enough to see a command repeated per row.</summary>
    private static string Head(string sql)
    {
        var flat = sql.ReplaceLineEndings(" ");
        var from = flat.IndexOf(" FROM ", StringComparison.OrdinalIgnoreCase);
        var verb = flat.Split(' ', 2)[0];
        var rest = from >= 0 ? flat[(from + 1)..] : flat;
        var head = verb + " … " + rest;
        return head.Length > 90 ? head[..90] : head;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (Current.Value is { } meter)
        {
            lock (meter)
            {
                meter.AuditCommands++;
                meter.InAudit += eventData.Duration;
            }
        }

        return Task.CompletedTask;
    }

    private static void Add(Meter meter, DbCommand command, TimeSpan took)
    {
        lock (meter)
        {
            if (command.CommandText.Contains("\"AuditChainHeads\"", StringComparison.Ordinal) || command.CommandText.Contains("\"AuditEntr", StringComparison.Ordinal))
            {
                meter.AuditCommands++;
                meter.InAudit += took;
            }

            meter.Commands++;
            meter.InDatabase += took;
            meter.Heads.Add(Head(command.CommandText));
            if (took > meter.Slowest)
            {
                meter.Slowest = took;
                meter.SlowestSql = command.CommandText;
            }
        }
    }
}
