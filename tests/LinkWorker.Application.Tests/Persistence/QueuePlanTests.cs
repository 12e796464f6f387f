using System.Data.Common;
using System.Text.RegularExpressions;
using LinkWorker.Application.Common.Paging;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Queues;
using LinkWorker.Application.Tests.Support;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Municipalities;
using LinkWorker.Domain.Referrals;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Tests.Persistence;

/// <summary>
/// The queue and triage pages must be read through an index that starts with what they filter on — the guide, or
/// the municipality and status — not the municipality/date index (issue 18: a guide's queue scanned the whole
/// municipality). SQLite without table statistics is the hard case: its planner must still choose well.
/// </summary>
public sealed partial class QueuePlanTests(SqliteTestDatabase database) : IClassFixture<SqliteTestDatabase>, IAsyncLifetime
{
    private const string Aarhus = "0751";

    public async Task InitializeAsync()
    {
        await using var db = database.Context();
        await db.Database.MigrateAsync();
        if (!await db.Municipalities.AnyAsync())
        {
            db.Municipalities.Add(new Municipality(Aarhus, "Aarhus"));
            await db.SaveChangesAsync();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_guides_queue_is_read_through_the_guide_index(bool afterACursor)
    {
        await using var db = database.Context(Aarhus);
        var guide = Guid.NewGuid();
        var cases = db.Cases.Where(c => c.AssignedGuideId == guide && c.Status != CaseStatus.Closed);

        var plan = await Plan(db, QueueItems.Ordered(db, cases, DateTimeOffset.UtcNow, afterACursor ? Cursor() : null).Take(51));

        plan.Should().Contain(line => line.Contains("Cases", StringComparison.Ordinal) && line.Contains("USING INDEX IX_Cases_AssignedGuideId (AssignedGuideId=?)", StringComparison.Ordinal), string.Join('\n', plan));
        plan.Should().NotContain(line => line.Contains("IX_Cases_MunicipalityCode", StringComparison.Ordinal));
        plan.Should().NotContain(line => line.StartsWith("SCAN", StringComparison.Ordinal) && !line.Contains("USING", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Triage_is_read_through_the_municipality_and_status_index(bool afterACursor)
    {
        await using var db = database.Context(Aarhus);
        var cases = db.Cases.Where(c => c.Status == CaseStatus.Referred);

        var plan = await Plan(db, QueueItems.Ordered(db, cases, DateTimeOffset.UtcNow, afterACursor ? Cursor() : null).Take(51));

        plan.Should().Contain(line => line.Contains("USING INDEX IX_Cases_MunicipalityCode_Status (MunicipalityCode=? AND Status=?)", StringComparison.Ordinal), string.Join('\n', plan));
        plan.Should().NotContain(line => line.StartsWith("SCAN", StringComparison.Ordinal) && !line.Contains("USING", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cases_referrals_are_read_through_the_case_index()
    {
        // Ordered by ReceivedAt in SQL, SQLite walked the municipality's referrals by date instead (the page bench:
        // about a second per case page at 100,000 cases); GetCase sorts the few rows in memory.
        await using var db = database.Context(Aarhus);
        var user = new StaticUser(Guid.NewGuid(), Aarhus, null, [Roles.Guide]);

        var plan = await Plan(db, LinkWorker.Application.Cases.GetCase.GetCaseHandler.ReferralsOf(db, user, Guid.NewGuid()));

        plan.Should().Contain(line => line.Contains("USING INDEX IX_Referrals_CaseId (CaseId=?)", StringComparison.Ordinal), string.Join('\n', plan));
        plan.Should().NotContain(line => line.Contains("IX_Referrals_MunicipalityCode_ReceivedAt", StringComparison.Ordinal));
    }

    private static CursorKeys Cursor()
    {
        PageCursor.TryDecode(
            PageCursor.Encode("queue", DateTimeOffset.UtcNow, true, Urgency.High, true, DateTimeOffset.UtcNow.AddDays(-9), Guid.NewGuid()),
            "queue", 6, out var keys).Should().BeTrue();
        return keys;
    }

    /// <summary>SQLite's plan for the query EF Core sends, with its parameters bound as EF binds them.</summary>
    private static async Task<List<string>> Plan<T>(DbContext db, IQueryable<T> query)
    {
        var text = query.ToQueryString();
        var sql = string.Join('\n', text.Split('\n').Where(line => !line.StartsWith(".param", StringComparison.Ordinal)));
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (Match parameter in ParamLine().Matches(text))
        {
            var value = parameter.Groups["value"].Value;
            var p = command.CreateParameter();
            p.ParameterName = parameter.Groups["name"].Value;
            p.Value = value.StartsWith('\'') ? value.Trim('\'') : long.TryParse(value, out var number) ? number : value;
            command.Parameters.Add(p);
        }

        var lines = new List<string>();
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(3));
        }

        return lines;
    }

    [GeneratedRegex(@"^\.param set (?<name>\S+) (?<value>.+?)\r?$", RegexOptions.Multiline)]
    private static partial Regex ParamLine();
}
