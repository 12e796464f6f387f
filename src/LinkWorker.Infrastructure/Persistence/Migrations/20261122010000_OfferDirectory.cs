using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>
/// The directory of offers (organisers, offers, postcode centres), the citizen's interests on the case, matches as
/// participations with an offer and a status, and each municipality's staleness limit.
/// </summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261122010000_OfferDirectory")]
public sealed class OfferDirectory : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "PostcodeAreas",
            columns: table => new
            {
                Code = table.Column<string>(nullable: false, maxLength: 4),
                Name = table.Column<string>(nullable: false, maxLength: 100),
                Latitude = table.Column<double>(nullable: false),
                Longitude = table.Column<double>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_PostcodeAreas", x => x.Code);
            });

        migrationBuilder.CreateTable(
            name: "Organisers",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                MunicipalityCode = table.Column<string>(nullable: false, maxLength: 4),
                Name = table.Column<string>(nullable: false, maxLength: 200),
                Website = table.Column<string>(nullable: true, maxLength: 500),
                Email = table.Column<string>(nullable: true, maxLength: 254),
                Phone = table.Column<string>(nullable: true, maxLength: 40),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Organisers", x => x.Id);
                table.ForeignKey(
                    name: "FK_Organisers_Municipalities_MunicipalityCode",
                    column: x => x.MunicipalityCode,
                    principalTable: "Municipalities",
                    principalColumn: "Code",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "Offers",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                MunicipalityCode = table.Column<string>(nullable: false, maxLength: 4),
                ExternalId = table.Column<string>(nullable: true, maxLength: 100),
                OrganiserId = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(nullable: false, maxLength: 200),
                Description = table.Column<string>(nullable: false, maxLength: 4000),
                Strategy = table.Column<string>(nullable: false, maxLength: 40),
                Type = table.Column<string>(nullable: false, maxLength: 40),
                MinAge = table.Column<int>(nullable: true),
                MaxAge = table.Column<int>(nullable: true),
                TargetGroups = table.Column<string>(nullable: false, maxLength: 400),
                GenderFocus = table.Column<string>(nullable: false, maxLength: 20),
                Languages = table.Column<string>(nullable: false, maxLength: 200),
                RunBy = table.Column<string>(nullable: false, maxLength: 20),
                Modes = table.Column<string>(nullable: false, maxLength: 100),
                Interests = table.Column<string>(nullable: false, maxLength: 400),
                LocationName = table.Column<string>(nullable: true, maxLength: 200),
                Street = table.Column<string>(nullable: true, maxLength: 200),
                Postcode = table.Column<string>(nullable: true, maxLength: 4),
                City = table.Column<string>(nullable: true, maxLength: 100),
                Latitude = table.Column<double>(nullable: true),
                Longitude = table.Column<double>(nullable: true),
                DistrictId = table.Column<Guid>(nullable: true),
                Schedule = table.Column<string>(nullable: false, maxLength: 2000),
                ScheduleNote = table.Column<string>(nullable: true, maxLength: 500),
                Cost = table.Column<int>(nullable: true),
                CostNote = table.Column<string>(nullable: true, maxLength: 500),
                AccessibilityNotes = table.Column<string>(nullable: true, maxLength: 1000),
                TransportNotes = table.Column<string>(nullable: true, maxLength: 1000),
                ContactName = table.Column<string>(nullable: false, maxLength: 200),
                ContactRole = table.Column<string>(nullable: true, maxLength: 200),
                ContactPhone = table.Column<string>(nullable: true, maxLength: 40),
                ContactEmail = table.Column<string>(nullable: true, maxLength: 254),
                LastVerifiedAt = table.Timestamp(migrationBuilder, nullable: false),
                VerifiedBy = table.Column<Guid>(nullable: false),
                VerifiedByName = table.Column<string>(nullable: false, maxLength: 200),
                ArchivedAt = table.Timestamp(migrationBuilder, nullable: true),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Offers", x => x.Id);
                table.ForeignKey(
                    name: "FK_Offers_Districts_DistrictId",
                    column: x => x.DistrictId,
                    principalTable: "Districts",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.SetNull);
                table.ForeignKey(
                    name: "FK_Offers_Municipalities_MunicipalityCode",
                    column: x => x.MunicipalityCode,
                    principalTable: "Municipalities",
                    principalColumn: "Code",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_Offers_Organisers_OrganiserId",
                    column: x => x.OrganiserId,
                    principalTable: "Organisers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex(name: "IX_Organisers_MunicipalityCode_Name", table: "Organisers", columns: new[] { "MunicipalityCode", "Name" }, unique: true);
        migrationBuilder.CreateIndex(name: "IX_Offers_MunicipalityCode", table: "Offers", column: "MunicipalityCode");
        migrationBuilder.CreateIndex(name: "IX_Offers_OrganiserId", table: "Offers", column: "OrganiserId");
        migrationBuilder.CreateIndex(name: "IX_Offers_DistrictId", table: "Offers", column: "DistrictId");
        migrationBuilder.CreateIndex(
            name: "IX_Offers_MunicipalityCode_ExternalId",
            table: "Offers",
            columns: new[] { "MunicipalityCode", "ExternalId" },
            unique: true,
            filter: "\"ExternalId\" IS NOT NULL");

        migrationBuilder.AddColumn<int>(name: "OfferStaleAfterMonths", table: "Municipalities", nullable: false, defaultValue: 12);
        migrationBuilder.AddColumn<string>(name: "Interests", table: "Cases", nullable: false, maxLength: 400, defaultValue: "");

        if (migrationBuilder.IsSqlite())
        {
            // SQLite cannot add a foreign key to an existing table, but it can add a column that carries one.
            migrationBuilder.Sql("ALTER TABLE \"CommunityParticipations\" ADD COLUMN \"OfferId\" TEXT NULL REFERENCES \"Offers\" (\"Id\") ON DELETE RESTRICT;");
        }
        else
        {
            migrationBuilder.AddColumn<Guid>(name: "OfferId", table: "CommunityParticipations", nullable: true);
            migrationBuilder.AddForeignKey(
                name: "FK_CommunityParticipations_Offers_OfferId",
                table: "CommunityParticipations",
                column: "OfferId",
                principalTable: "Offers",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        migrationBuilder.AddColumn<string>(name: "Status", table: "CommunityParticipations", nullable: false, maxLength: 20, defaultValue: "Suggested");
        migrationBuilder.AddTimestampColumn("DetailsSharedAt", "CommunityParticipations", nullable: true);
        // Participations recorded before matches had a status get the one their facts imply.
        migrationBuilder.Sql("UPDATE \"CommunityParticipations\" SET \"Status\" = 'Attending' WHERE \"FirstAttendedOn\" IS NOT NULL");
        migrationBuilder.Sql("UPDATE \"CommunityParticipations\" SET \"Status\" = 'Stopped' WHERE \"StoppedOn\" IS NOT NULL");
        migrationBuilder.CreateIndex(name: "IX_CommunityParticipations_OfferId", table: "CommunityParticipations", column: "OfferId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        if (!migrationBuilder.IsSqlite())
        {
            migrationBuilder.DropForeignKey(name: "FK_CommunityParticipations_Offers_OfferId", table: "CommunityParticipations");
        }

        migrationBuilder.DropIndex(name: "IX_CommunityParticipations_OfferId", table: "CommunityParticipations");
        migrationBuilder.DropColumn(name: "DetailsSharedAt", table: "CommunityParticipations");
        migrationBuilder.DropColumn(name: "Status", table: "CommunityParticipations");
        migrationBuilder.DropColumn(name: "OfferId", table: "CommunityParticipations");
        migrationBuilder.DropColumn(name: "Interests", table: "Cases");
        migrationBuilder.DropColumn(name: "OfferStaleAfterMonths", table: "Municipalities");
        migrationBuilder.DropTable(name: "Offers");
        migrationBuilder.DropTable(name: "Organisers");
        migrationBuilder.DropTable(name: "PostcodeAreas");
    }
}
