using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>
/// Issue 19 (Danish first): staff notifications keep a Danish title and body and an English pair beside them; the
/// reader's Accept-Language picks one (ADR 0015). Existing in-app notifications were written in English: that text
/// moves to the English columns, and the fixed titles get their Danish wording (older bodies stay as written).
/// </summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261126011000_NotificationsInTwoLanguages")]
public sealed class NotificationsInTwoLanguages : Migration
{
    private static readonly (string English, string Danish)[] Titles =
    [
        ("Check-in call due", "Tid til opfølgningsopkald"),
        ("Check-in due (a message went to the citizen if they agreed)", "Tid til opfølgning (borgeren har fået en besked, hvis de har sagt ja til det)"),
        ("Task due", "Opgave til i dag"),
        ("First contact overdue", "Fristen for første kontakt er overskredet"),
        ("A follow-up is overdue", "En opfølgning er ikke gennemført"),
    ];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "EnglishTitle", table: "Notifications", nullable: true, maxLength: 200);
        migrationBuilder.AddColumn<string>(name: "EnglishBody", table: "Notifications", nullable: true, maxLength: 2000);
        migrationBuilder.Sql("""UPDATE "Notifications" SET "EnglishTitle" = "Title", "EnglishBody" = "Body" WHERE "Channel" = 'InApp'""");
        foreach (var (english, danish) in Titles)
        {
            migrationBuilder.Sql($"""UPDATE "Notifications" SET "Title" = '{danish}' WHERE "Channel" = 'InApp' AND "Title" = '{english}'""");
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""UPDATE "Notifications" SET "Title" = "EnglishTitle", "Body" = "EnglishBody" WHERE "EnglishTitle" IS NOT NULL""");
        foreach (var column in new[] { "EnglishBody", "EnglishTitle" })
        {
            if (migrationBuilder.IsSqlite())
            {
                migrationBuilder.Sql($"""ALTER TABLE "Notifications" DROP COLUMN "{column}" """);
            }
            else
            {
                migrationBuilder.DropColumn(name: column, table: "Notifications");
            }
        }
    }
}
