using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>
/// Account administration (issue 12 point 5, ADR 0019): a one-time password must be changed at the next sign-in,
/// an administrator's lock (beside Identity's lockout after wrong passwords), and the last accepted TOTP time step,
/// so an authenticator code is accepted once on every node (RFC 6238 §5.2).
/// </summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261126100000_AccountAdministration")]
public sealed class AccountAdministration : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>(name: "MustChangePassword", table: "AspNetUsers", nullable: false, defaultValue: false);
        migrationBuilder.AddTimestampColumn("LockedAt", "AspNetUsers", nullable: true);
        migrationBuilder.AddColumn<long>(name: "LastTotpTimeStep", table: "AspNetUsers", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumnOnAnyProvider("AspNetUsers", "LastTotpTimeStep");
        migrationBuilder.DropColumnOnAnyProvider("AspNetUsers", "LockedAt");
        migrationBuilder.DropColumnOnAnyProvider("AspNetUsers", "MustChangePassword");
    }
}
