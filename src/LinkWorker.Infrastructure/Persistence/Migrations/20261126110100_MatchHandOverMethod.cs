using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>How the guide handed the citizen over to an offer (accompanied, by phone, …); null for earlier hand-overs.</summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261126110100_MatchHandOverMethod")]
public sealed class MatchHandOverMethod : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "HandedOverHow", table: "CommunityParticipations", maxLength: 30, nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumnOnAnyProvider("CommunityParticipations", "HandedOverHow");
}
