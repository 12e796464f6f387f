using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>
/// Quartz is gone (issue 15, ADR 0020): its tables, which Quartz created itself beside ours, are dropped. Its
/// pending reminders need no copying: a reminder is its follow-up row, and every follow-up still planned is
/// fired by the next sweep once its due time has come — exactly once, since firing moves it out of Planned.
/// Unquoted names: PostgreSQL folds them to the lower case Quartz used there, SQLite ignores case. Children first,
/// so no foreign key is in the way on either provider.
/// </summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261126130000_RetireQuartz")]
public sealed class RetireQuartz : Migration
{
    public static readonly string[] QuartzTables =
    [
        "QRTZ_FIRED_TRIGGERS", "QRTZ_PAUSED_TRIGGER_GRPS", "QRTZ_SCHEDULER_STATE", "QRTZ_LOCKS", "QRTZ_SIMPLE_TRIGGERS",
        "QRTZ_SIMPROP_TRIGGERS", "QRTZ_CRON_TRIGGERS", "QRTZ_BLOB_TRIGGERS", "QRTZ_TRIGGERS", "QRTZ_JOB_DETAILS", "QRTZ_CALENDARS",
    ];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        foreach (var table in QuartzTables)
        {
            migrationBuilder.Sql($"DROP TABLE IF EXISTS {table};");
        }
    }

    /// <summary>Nothing to put back: the previous release's Quartz created its tables itself when it started.</summary>
    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }
}
