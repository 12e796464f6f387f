using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>
/// A filtered index for the periodic escalation scan (ADR 0011): the municipality's follow-ups still due and not
/// yet escalated, by due time.
/// </summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261122020000_FollowUpEscalationIndex")]
public sealed class FollowUpEscalationIndex : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateIndex(
            name: "IX_FollowUps_Escalation",
            table: "FollowUps",
            columns: new[] { "MunicipalityCode", "DueAt" },
            filter: "\"Status\" = 'Due' AND \"EscalatedAt\" IS NULL");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_FollowUps_Escalation", table: "FollowUps");
    }
}
