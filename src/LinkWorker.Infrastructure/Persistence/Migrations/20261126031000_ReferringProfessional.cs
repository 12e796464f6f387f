using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>The professional a referring system names when it refers for its organisation (ADR 0013).</summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261126031000_ReferringProfessional")]
public sealed class ReferringProfessional : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "ReferringProfessional", table: "Referrals", maxLength: 200, nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumnOnAnyProvider("Referrals", "ReferringProfessional");
}
