using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>
/// The embedded OpenID Connect server (ADR 0013): OpenIddict's applications, authorizations, scopes and tokens,
/// the server's RSA keys (replacing the single HS256 key) and ASP.NET Core Data Protection's keys, all shared by
/// the nodes through the database. OpenIddict's dates are UTC DateTime: timestamptz on PostgreSQL, text on SQLite.
/// </summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261126030000_OpenIdServer")]
public sealed class OpenIdServer : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        // The HS256 key signed 15-minute tokens only; those simply expire.
        migrationBuilder.DropTable(name: "SigningKeys");

        migrationBuilder.CreateTable(
            name: "ServerKeys",
            columns: table => new
            {
                Id = table.Column<string>(nullable: false, maxLength: 50),
                Use = table.Column<string>(nullable: false, maxLength: 3),
                KeyMaterial = table.Column<string>(nullable: false, maxLength: 4000),
                CreatedAt = table.Timestamp(migrationBuilder, nullable: false),
                RetiredAt = table.Timestamp(migrationBuilder, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_ServerKeys", x => x.Id));
        migrationBuilder.CreateIndex(name: "IX_ServerKeys_Use_CreatedAt", table: "ServerKeys", columns: new[] { "Use", "CreatedAt" });

        migrationBuilder.CreateTable(
            name: "DataProtectionKeys",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                FriendlyName = table.Column<string>(nullable: true),
                Xml = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_DataProtectionKeys", x => x.Id));

        migrationBuilder.CreateTable(
            name: "OpenIddictApplications",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ApplicationType = table.Column<string>(maxLength: 50, nullable: true),
                ClientId = table.Column<string>(maxLength: 100, nullable: true),
                ClientSecret = table.Column<string>(nullable: true),
                ClientType = table.Column<string>(maxLength: 50, nullable: true),
                ConcurrencyToken = table.Column<string>(maxLength: 50, nullable: true),
                ConsentType = table.Column<string>(maxLength: 50, nullable: true),
                DisplayName = table.Column<string>(nullable: true),
                DisplayNames = table.Column<string>(nullable: true),
                JsonWebKeySet = table.Column<string>(nullable: true),
                Permissions = table.Column<string>(nullable: true),
                PostLogoutRedirectUris = table.Column<string>(nullable: true),
                Properties = table.Column<string>(nullable: true),
                RedirectUris = table.Column<string>(nullable: true),
                Requirements = table.Column<string>(nullable: true),
                Settings = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_OpenIddictApplications", x => x.Id));

        migrationBuilder.CreateTable(
            name: "OpenIddictScopes",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ConcurrencyToken = table.Column<string>(maxLength: 50, nullable: true),
                Description = table.Column<string>(nullable: true),
                Descriptions = table.Column<string>(nullable: true),
                DisplayName = table.Column<string>(nullable: true),
                DisplayNames = table.Column<string>(nullable: true),
                Name = table.Column<string>(maxLength: 200, nullable: true),
                Properties = table.Column<string>(nullable: true),
                Resources = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_OpenIddictScopes", x => x.Id));

        migrationBuilder.CreateTable(
            name: "OpenIddictAuthorizations",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ApplicationId = table.Column<Guid>(nullable: true),
                ConcurrencyToken = table.Column<string>(maxLength: 50, nullable: true),
                CreationDate = table.Column<DateTime>(nullable: true),
                Properties = table.Column<string>(nullable: true),
                Scopes = table.Column<string>(nullable: true),
                Status = table.Column<string>(maxLength: 50, nullable: true),
                Subject = table.Column<string>(maxLength: 400, nullable: true),
                Type = table.Column<string>(maxLength: 50, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_OpenIddictAuthorizations", x => x.Id);
                table.ForeignKey(
                    // PostgreSQL keeps 63 characters of a name; EF's model shortens this one with a "~".
                    name: migrationBuilder.IsSqlite()
                        ? "FK_OpenIddictAuthorizations_OpenIddictApplications_ApplicationId"
                        : "FK_OpenIddictAuthorizations_OpenIddictApplications_Application~",
                    column: x => x.ApplicationId,
                    principalTable: "OpenIddictApplications",
                    principalColumn: "Id");
            });

        migrationBuilder.CreateTable(
            name: "OpenIddictTokens",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ApplicationId = table.Column<Guid>(nullable: true),
                AuthorizationId = table.Column<Guid>(nullable: true),
                ConcurrencyToken = table.Column<string>(maxLength: 50, nullable: true),
                CreationDate = table.Column<DateTime>(nullable: true),
                ExpirationDate = table.Column<DateTime>(nullable: true),
                Payload = table.Column<string>(nullable: true),
                Properties = table.Column<string>(nullable: true),
                RedemptionDate = table.Column<DateTime>(nullable: true),
                ReferenceId = table.Column<string>(maxLength: 100, nullable: true),
                Status = table.Column<string>(maxLength: 50, nullable: true),
                Subject = table.Column<string>(maxLength: 400, nullable: true),
                Type = table.Column<string>(maxLength: 150, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_OpenIddictTokens", x => x.Id);
                table.ForeignKey(
                    name: "FK_OpenIddictTokens_OpenIddictApplications_ApplicationId",
                    column: x => x.ApplicationId,
                    principalTable: "OpenIddictApplications",
                    principalColumn: "Id");
                table.ForeignKey(
                    name: "FK_OpenIddictTokens_OpenIddictAuthorizations_AuthorizationId",
                    column: x => x.AuthorizationId,
                    principalTable: "OpenIddictAuthorizations",
                    principalColumn: "Id");
            });

        migrationBuilder.CreateIndex(name: "IX_OpenIddictApplications_ClientId", table: "OpenIddictApplications", column: "ClientId", unique: true);
        migrationBuilder.CreateIndex(
            name: "IX_OpenIddictAuthorizations_ApplicationId_Status_Subject_Type",
            table: "OpenIddictAuthorizations",
            columns: new[] { "ApplicationId", "Status", "Subject", "Type" });
        migrationBuilder.CreateIndex(name: "IX_OpenIddictScopes_Name", table: "OpenIddictScopes", column: "Name", unique: true);
        migrationBuilder.CreateIndex(
            name: "IX_OpenIddictTokens_ApplicationId_Status_Subject_Type",
            table: "OpenIddictTokens",
            columns: new[] { "ApplicationId", "Status", "Subject", "Type" });
        migrationBuilder.CreateIndex(name: "IX_OpenIddictTokens_AuthorizationId", table: "OpenIddictTokens", column: "AuthorizationId");
        migrationBuilder.CreateIndex(name: "IX_OpenIddictTokens_ReferenceId", table: "OpenIddictTokens", column: "ReferenceId", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "OpenIddictTokens");
        migrationBuilder.DropTable(name: "OpenIddictAuthorizations");
        migrationBuilder.DropTable(name: "OpenIddictScopes");
        migrationBuilder.DropTable(name: "OpenIddictApplications");
        migrationBuilder.DropTable(name: "DataProtectionKeys");
        migrationBuilder.DropTable(name: "ServerKeys");
        migrationBuilder.CreateTable(
            name: "SigningKeys",
            columns: table => new
            {
                Id = table.Column<string>(nullable: false, maxLength: 50),
                KeyMaterial = table.Column<string>(nullable: false, maxLength: 200),
                CreatedAt = table.Timestamp(migrationBuilder, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_SigningKeys", x => x.Id));
    }
}
