using System.Data.Common;
using System.Text.RegularExpressions;
using LinkWorker.Application.Referrals.SubmitReferral;
using LinkWorker.Application.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Tests.Persistence;

/// <summary>
/// Intake's reads each go through their index (issue 18), on SQLite without table statistics — the hard case for its
/// planner (a fresh database; the maintenance job's <c>PRAGMA optimize</c> only helps later).
/// </summary>
public sealed partial class IntakePlanTests(SqliteTestDatabase database) : IClassFixture<SqliteTestDatabase>, IAsyncLifetime
{
    private const string Aarhus = "0751";

    public async Task InitializeAsync()
    {
        await database.MigrateWithMunicipality(Aarhus, "Aarhus");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_citizens_open_case_is_found_through_the_open_case_index()
    {
        await using var db = database.Context(Aarhus);

        var plan = await Plan(db, SubmitReferralHandler.OpenCaseOf(db, Guid.NewGuid()));

        plan.Should().Contain(line => line.Contains("USING INDEX IX_Cases_CitizenId_Open (CitizenId=?)", StringComparison.Ordinal), string.Join('\n', plan));
    }

    [Fact]
    public async Task A_returning_citizens_last_guide_is_found_through_the_citizen_index_not_the_municipalitys_closed_cases()
    {
        await using var db = database.Context(Aarhus);

        var plan = await Plan(db, SubmitReferralHandler.MostRecentGuideOf(db, Guid.NewGuid()).Take(1));

        plan.Should().Contain(line => line.Contains("USING INDEX IX_Cases_CitizenId_ClosedAt (CitizenId=?)", StringComparison.Ordinal), string.Join('\n', plan));
        plan.Should().NotContain(line => line.Contains("IX_Cases_MunicipalityCode_Status", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_guides_of_the_municipality_and_an_idempotency_key_are_found_through_their_indexes()
    {
        await using var db = database.Context(Aarhus);

        var guides = await Plan(db, db.Guides.AsNoTracking());
        var key = await Plan(db, db.IdempotencyRecords.Where(r => r.Scope == "s" && r.Key == "k"));

        guides.Should().Contain(line => line.Contains("USING INDEX IX_Guides_MunicipalityCode (MunicipalityCode=?)", StringComparison.Ordinal), string.Join('\n', guides));
        key.Should().Contain(line => line.Contains("USING INDEX IX_IdempotencyRecords_Scope_Key (Scope=? AND Key=?)", StringComparison.Ordinal), string.Join('\n', key));
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
