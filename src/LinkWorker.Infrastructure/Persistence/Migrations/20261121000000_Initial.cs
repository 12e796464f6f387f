using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>
/// The first schema: reference data, identity, citizens, cases, referrals, audit and idempotency.
/// Written once for both providers; column types follow from the CLR types on each.
/// </summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261121000000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "AspNetRoles",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(nullable: true, maxLength: 256),
                NormalizedName = table.Column<string>(nullable: true, maxLength: 256),
                ConcurrencyStamp = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetRoles", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "AuditEntries",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                At = table.Timestamp(migrationBuilder, nullable: false),
                UserId = table.Column<Guid>(nullable: true),
                Roles = table.Column<string>(nullable: false, maxLength: 100),
                MunicipalityCode = table.Column<string>(nullable: true, maxLength: 4),
                Action = table.Column<string>(nullable: false, maxLength: 100),
                EntityType = table.Column<string>(nullable: false, maxLength: 100),
                EntityId = table.Column<Guid>(nullable: true),
                CorrelationId = table.Column<string>(nullable: true, maxLength: 100),
                Outcome = table.Column<string>(nullable: false, maxLength: 20),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AuditEntries", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "IdempotencyRecords",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Scope = table.Column<string>(nullable: false, maxLength: 100),
                Key = table.Column<string>(nullable: false, maxLength: 255),
                RequestHash = table.Column<string>(nullable: false, maxLength: 64),
                ClaimedAt = table.Timestamp(migrationBuilder, nullable: false),
                ExpiresAt = table.Timestamp(migrationBuilder, nullable: false),
                CompletedAt = table.Timestamp(migrationBuilder, nullable: true),
                Response = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_IdempotencyRecords", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "Municipalities",
            columns: table => new
            {
                Code = table.Column<string>(nullable: false, maxLength: 4),
                Name = table.Column<string>(nullable: false, maxLength: 100),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Municipalities", x => x.Code);
            });

        migrationBuilder.CreateTable(
            name: "SigningKeys",
            columns: table => new
            {
                Id = table.Column<string>(nullable: false, maxLength: 50),
                KeyMaterial = table.Column<string>(nullable: false, maxLength: 200),
                CreatedAt = table.Timestamp(migrationBuilder, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_SigningKeys", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "AspNetRoleClaims",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                RoleId = table.Column<Guid>(nullable: false),
                ClaimType = table.Column<string>(nullable: true),
                ClaimValue = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                table.ForeignKey(
                    name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                    column: x => x.RoleId,
                    principalTable: "AspNetRoles",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "Citizens",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                MunicipalityCode = table.Column<string>(nullable: false, maxLength: 4),
                Name = table.Column<string>(nullable: false, maxLength: 200),
                CprNumber = table.Column<string>(nullable: true, maxLength: 10),
                DateOfBirth = table.Column<DateOnly>(nullable: true),
                Phone = table.Column<string>(nullable: true, maxLength: 30),
                Email = table.Column<string>(nullable: true, maxLength: 254),
                PreferredLanguage = table.Column<string>(nullable: false, maxLength: 2),
                InterpreterNeeded = table.Column<bool>(nullable: false),
                Version = table.Column<int>(nullable: false),
                City = table.Column<string>(nullable: true, maxLength: 100),
                Postcode = table.Column<string>(nullable: false, maxLength: 4),
                Street = table.Column<string>(nullable: true, maxLength: 200),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Citizens", x => x.Id);
                table.ForeignKey(
                    name: "FK_Citizens_Municipalities_MunicipalityCode",
                    column: x => x.MunicipalityCode,
                    principalTable: "Municipalities",
                    principalColumn: "Code",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "Organisations",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                MunicipalityCode = table.Column<string>(nullable: false, maxLength: 4),
                Name = table.Column<string>(nullable: false, maxLength: 200),
                Sector = table.Column<string>(nullable: false, maxLength: 40),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Organisations", x => x.Id);
                table.ForeignKey(
                    name: "FK_Organisations_Municipalities_MunicipalityCode",
                    column: x => x.MunicipalityCode,
                    principalTable: "Municipalities",
                    principalColumn: "Code",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "Cases",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                MunicipalityCode = table.Column<string>(nullable: false, maxLength: 4),
                CitizenId = table.Column<Guid>(nullable: false),
                Status = table.Column<string>(nullable: false, maxLength: 20),
                AssignedGuideId = table.Column<Guid>(nullable: true),
                OpenedAt = table.Timestamp(migrationBuilder, nullable: false),
                ClosedAt = table.Timestamp(migrationBuilder, nullable: true),
                ClosureReason = table.Column<string>(nullable: true, maxLength: 20),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Cases", x => x.Id);
                table.ForeignKey(
                    name: "FK_Cases_Citizens_CitizenId",
                    column: x => x.CitizenId,
                    principalTable: "Citizens",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_Cases_Municipalities_MunicipalityCode",
                    column: x => x.MunicipalityCode,
                    principalTable: "Municipalities",
                    principalColumn: "Code",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUsers",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                MunicipalityCode = table.Column<string>(nullable: false, maxLength: 4),
                OrganisationId = table.Column<Guid>(nullable: true),
                DisplayName = table.Column<string>(nullable: false, maxLength: 200),
                UserName = table.Column<string>(nullable: true, maxLength: 256),
                NormalizedUserName = table.Column<string>(nullable: true, maxLength: 256),
                Email = table.Column<string>(nullable: true, maxLength: 256),
                NormalizedEmail = table.Column<string>(nullable: true, maxLength: 256),
                EmailConfirmed = table.Column<bool>(nullable: false),
                PasswordHash = table.Column<string>(nullable: true),
                SecurityStamp = table.Column<string>(nullable: true),
                ConcurrencyStamp = table.Column<string>(nullable: true),
                PhoneNumber = table.Column<string>(nullable: true),
                PhoneNumberConfirmed = table.Column<bool>(nullable: false),
                TwoFactorEnabled = table.Column<bool>(nullable: false),
                LockoutEnd = table.Timestamp(migrationBuilder, nullable: true),
                LockoutEnabled = table.Column<bool>(nullable: false),
                AccessFailedCount = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                table.ForeignKey(
                    name: "FK_AspNetUsers_Municipalities_MunicipalityCode",
                    column: x => x.MunicipalityCode,
                    principalTable: "Municipalities",
                    principalColumn: "Code",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_AspNetUsers_Organisations_OrganisationId",
                    column: x => x.OrganisationId,
                    principalTable: "Organisations",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "Referrals",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                MunicipalityCode = table.Column<string>(nullable: false, maxLength: 4),
                CaseId = table.Column<Guid>(nullable: false),
                CitizenId = table.Column<Guid>(nullable: false),
                ReferrerUserId = table.Column<Guid>(nullable: false),
                OrganisationId = table.Column<Guid>(nullable: true),
                Sector = table.Column<string>(nullable: false, maxLength: 40),
                Reason = table.Column<string>(nullable: false, maxLength: 4000),
                LifeArenas = table.Column<string>(nullable: false, maxLength: 200),
                LifeTransitions = table.Column<string>(nullable: false, maxLength: 400),
                LonelinessType = table.Column<string>(nullable: true, maxLength: 20),
                Urgency = table.Column<string>(nullable: false, maxLength: 10),
                ReceivedAt = table.Timestamp(migrationBuilder, nullable: false),
                Version = table.Column<int>(nullable: false),
                ConsentMethod = table.Column<string>(nullable: false, maxLength: 10),
                ConsentObtainedAt = table.Timestamp(migrationBuilder, nullable: false),
                ConsentObtainedBy = table.Column<string>(nullable: false, maxLength: 200),
                NeedsDigitalAccess = table.Column<bool>(nullable: false),
                NeedsDisabilitySupport = table.Column<bool>(nullable: false),
                PracticalNeedsNotes = table.Column<string>(nullable: true, maxLength: 1000),
                NeedsTransport = table.Column<bool>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Referrals", x => x.Id);
                table.ForeignKey(
                    name: "FK_Referrals_Cases_CaseId",
                    column: x => x.CaseId,
                    principalTable: "Cases",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_Referrals_Citizens_CitizenId",
                    column: x => x.CitizenId,
                    principalTable: "Citizens",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_Referrals_Municipalities_MunicipalityCode",
                    column: x => x.MunicipalityCode,
                    principalTable: "Municipalities",
                    principalColumn: "Code",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_Referrals_Organisations_OrganisationId",
                    column: x => x.OrganisationId,
                    principalTable: "Organisations",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserClaims",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                UserId = table.Column<Guid>(nullable: false),
                ClaimType = table.Column<string>(nullable: true),
                ClaimValue = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                table.ForeignKey(
                    name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                    column: x => x.UserId,
                    principalTable: "AspNetUsers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserLogins",
            columns: table => new
            {
                LoginProvider = table.Column<string>(nullable: false),
                ProviderKey = table.Column<string>(nullable: false),
                ProviderDisplayName = table.Column<string>(nullable: true),
                UserId = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                table.ForeignKey(
                    name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                    column: x => x.UserId,
                    principalTable: "AspNetUsers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserRoles",
            columns: table => new
            {
                UserId = table.Column<Guid>(nullable: false),
                RoleId = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                table.ForeignKey(
                    name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                    column: x => x.RoleId,
                    principalTable: "AspNetRoles",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
                table.ForeignKey(
                    name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                    column: x => x.UserId,
                    principalTable: "AspNetUsers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserTokens",
            columns: table => new
            {
                UserId = table.Column<Guid>(nullable: false),
                LoginProvider = table.Column<string>(nullable: false),
                Name = table.Column<string>(nullable: false),
                Value = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                table.ForeignKey(
                    name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                    column: x => x.UserId,
                    principalTable: "AspNetUsers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "RefreshTokens",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                UserId = table.Column<Guid>(nullable: false),
                FamilyId = table.Column<Guid>(nullable: false),
                TokenHash = table.Column<string>(nullable: false, maxLength: 64),
                CreatedAt = table.Timestamp(migrationBuilder, nullable: false),
                ExpiresAt = table.Timestamp(migrationBuilder, nullable: false),
                RevokedAt = table.Timestamp(migrationBuilder, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_RefreshTokens", x => x.Id);
                table.ForeignKey(
                    name: "FK_RefreshTokens_AspNetUsers_UserId",
                    column: x => x.UserId,
                    principalTable: "AspNetUsers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(
            name: "IX_AspNetRoleClaims_RoleId",
            table: "AspNetRoleClaims",
            column: "RoleId");

        migrationBuilder.CreateIndex(
            name: "RoleNameIndex",
            table: "AspNetRoles",
            column: "NormalizedName",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_AspNetUserClaims_UserId",
            table: "AspNetUserClaims",
            column: "UserId");

        migrationBuilder.CreateIndex(
            name: "IX_AspNetUserLogins_UserId",
            table: "AspNetUserLogins",
            column: "UserId");

        migrationBuilder.CreateIndex(
            name: "IX_AspNetUserRoles_RoleId",
            table: "AspNetUserRoles",
            column: "RoleId");

        migrationBuilder.CreateIndex(
            name: "EmailIndex",
            table: "AspNetUsers",
            column: "NormalizedEmail");

        migrationBuilder.CreateIndex(
            name: "IX_AspNetUsers_MunicipalityCode",
            table: "AspNetUsers",
            column: "MunicipalityCode");

        migrationBuilder.CreateIndex(
            name: "IX_AspNetUsers_OrganisationId",
            table: "AspNetUsers",
            column: "OrganisationId");

        migrationBuilder.CreateIndex(
            name: "UserNameIndex",
            table: "AspNetUsers",
            column: "NormalizedUserName",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_AuditEntries_EntityType_EntityId",
            table: "AuditEntries",
            columns: new[] { "EntityType", "EntityId" });

        migrationBuilder.CreateIndex(
            name: "IX_AuditEntries_MunicipalityCode_At",
            table: "AuditEntries",
            columns: new[] { "MunicipalityCode", "At" });

        migrationBuilder.CreateIndex(
            name: "IX_Cases_AssignedGuideId",
            table: "Cases",
            column: "AssignedGuideId");

        migrationBuilder.CreateIndex(
            name: "IX_Cases_CitizenId_Open",
            table: "Cases",
            column: "CitizenId",
            unique: true,
            filter: "\"Status\" <> 'Closed'");

        migrationBuilder.CreateIndex(
            name: "IX_Cases_MunicipalityCode_Status",
            table: "Cases",
            columns: new[] { "MunicipalityCode", "Status" });

        migrationBuilder.CreateIndex(
            name: "IX_Citizens_MunicipalityCode_CprNumber",
            table: "Citizens",
            columns: new[] { "MunicipalityCode", "CprNumber" },
            unique: true,
            filter: "\"CprNumber\" IS NOT NULL");

        migrationBuilder.CreateIndex(
            name: "IX_Citizens_MunicipalityCode_DateOfBirth",
            table: "Citizens",
            columns: new[] { "MunicipalityCode", "DateOfBirth" });

        migrationBuilder.CreateIndex(
            name: "IX_IdempotencyRecords_ExpiresAt",
            table: "IdempotencyRecords",
            column: "ExpiresAt");

        migrationBuilder.CreateIndex(
            name: "IX_IdempotencyRecords_Scope_Key",
            table: "IdempotencyRecords",
            columns: new[] { "Scope", "Key" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_Organisations_MunicipalityCode_Name",
            table: "Organisations",
            columns: new[] { "MunicipalityCode", "Name" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_Referrals_CaseId",
            table: "Referrals",
            column: "CaseId");

        migrationBuilder.CreateIndex(
            name: "IX_Referrals_CitizenId",
            table: "Referrals",
            column: "CitizenId");

        migrationBuilder.CreateIndex(
            name: "IX_Referrals_MunicipalityCode_ReceivedAt",
            table: "Referrals",
            columns: new[] { "MunicipalityCode", "ReceivedAt" });

        migrationBuilder.CreateIndex(
            name: "IX_Referrals_OrganisationId",
            table: "Referrals",
            column: "OrganisationId");

        migrationBuilder.CreateIndex(
            name: "IX_Referrals_ReferrerUserId_ReceivedAt",
            table: "Referrals",
            columns: new[] { "ReferrerUserId", "ReceivedAt" });

        migrationBuilder.CreateIndex(
            name: "IX_RefreshTokens_FamilyId",
            table: "RefreshTokens",
            column: "FamilyId");

        migrationBuilder.CreateIndex(
            name: "IX_RefreshTokens_TokenHash",
            table: "RefreshTokens",
            column: "TokenHash",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_RefreshTokens_UserId",
            table: "RefreshTokens",
            column: "UserId");

        AuditTrailProtection.Create(migrationBuilder, "AuditEntries");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        AuditTrailProtection.Drop(migrationBuilder, "AuditEntries");
        migrationBuilder.DropTable(name: "RefreshTokens");
        migrationBuilder.DropTable(name: "AspNetUserTokens");
        migrationBuilder.DropTable(name: "AspNetUserRoles");
        migrationBuilder.DropTable(name: "AspNetUserLogins");
        migrationBuilder.DropTable(name: "AspNetUserClaims");
        migrationBuilder.DropTable(name: "Referrals");
        migrationBuilder.DropTable(name: "AspNetUsers");
        migrationBuilder.DropTable(name: "Cases");
        migrationBuilder.DropTable(name: "Organisations");
        migrationBuilder.DropTable(name: "Citizens");
        migrationBuilder.DropTable(name: "AspNetRoleClaims");
        migrationBuilder.DropTable(name: "SigningKeys");
        migrationBuilder.DropTable(name: "Municipalities");
        migrationBuilder.DropTable(name: "IdempotencyRecords");
        migrationBuilder.DropTable(name: "AuditEntries");
        migrationBuilder.DropTable(name: "AspNetRoles");
    }
}
