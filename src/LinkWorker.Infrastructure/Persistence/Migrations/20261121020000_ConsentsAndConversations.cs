using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>Consents by scope, conversations with their amendment history, and the note on a closed case.</summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261121020000_ConsentsAndConversations")]
public sealed class ConsentsAndConversations : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "ClosureNote", table: "Cases", maxLength: 2000, nullable: true);

        migrationBuilder.CreateTable(
            name: "Consents",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                MunicipalityCode = table.Column<string>(nullable: false, maxLength: 4),
                CaseId = table.Column<Guid>(nullable: false),
                Scopes = table.Column<string>(nullable: false, maxLength: 300),
                Method = table.Column<string>(nullable: false, maxLength: 10),
                ObtainedBy = table.Column<string>(nullable: false, maxLength: 200),
                ObtainedAt = table.Timestamp(migrationBuilder, nullable: false),
                ExpiresAt = table.Timestamp(migrationBuilder, nullable: true),
                RecordedBy = table.Column<Guid>(nullable: false),
                RecordedAt = table.Timestamp(migrationBuilder, nullable: false),
                WithdrawnAt = table.Timestamp(migrationBuilder, nullable: true),
                WithdrawnBy = table.Column<Guid>(nullable: true),
                WithdrawalReason = table.Column<string>(nullable: true, maxLength: 500),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Consents", x => x.Id);
                table.ForeignKey(
                    name: "FK_Consents_Cases_CaseId",
                    column: x => x.CaseId,
                    principalTable: "Cases",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "Conversations",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                MunicipalityCode = table.Column<string>(nullable: false, maxLength: 4),
                CaseId = table.Column<Guid>(nullable: false),
                Mode = table.Column<string>(nullable: false, maxLength: 20),
                OccurredAt = table.Timestamp(migrationBuilder, nullable: false),
                DurationMinutes = table.Column<int>(nullable: false),
                Summary = table.Column<string>(nullable: false, maxLength: 8000),
                Topics = table.Column<string>(nullable: false, maxLength: 200),
                CitizensView = table.Column<string>(nullable: true, maxLength: 4000),
                AgreedNextSteps = table.Column<string>(nullable: true, maxLength: 4000),
                RecordedBy = table.Column<Guid>(nullable: false),
                RecordedAt = table.Timestamp(migrationBuilder, nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Conversations", x => x.Id);
                table.ForeignKey(
                    name: "FK_Conversations_Cases_CaseId",
                    column: x => x.CaseId,
                    principalTable: "Cases",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "ConversationAmendments",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                MunicipalityCode = table.Column<string>(nullable: false, maxLength: 4),
                ConversationId = table.Column<Guid>(nullable: false),
                Field = table.Column<string>(nullable: false, maxLength: 50),
                OldValue = table.Column<string>(nullable: true, maxLength: 8000),
                NewValue = table.Column<string>(nullable: true, maxLength: 8000),
                Reason = table.Column<string>(nullable: false, maxLength: 500),
                AmendedBy = table.Column<Guid>(nullable: false),
                AmendedAt = table.Timestamp(migrationBuilder, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ConversationAmendments", x => x.Id);
                table.ForeignKey(
                    name: "FK_ConversationAmendments_Conversations_ConversationId",
                    column: x => x.ConversationId,
                    principalTable: "Conversations",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(
            name: "IX_Consents_CaseId",
            table: "Consents",
            column: "CaseId");

        migrationBuilder.CreateIndex(
            name: "IX_ConversationAmendments_ConversationId",
            table: "ConversationAmendments",
            column: "ConversationId");

        migrationBuilder.CreateIndex(
            name: "IX_Conversations_CaseId_OccurredAt",
            table: "Conversations",
            columns: new[] { "CaseId", "OccurredAt" });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "ConversationAmendments");
        migrationBuilder.DropTable(name: "Conversations");
        migrationBuilder.DropTable(name: "Consents");
        migrationBuilder.DropColumn(name: "ClosureNote", table: "Cases");
    }
}
