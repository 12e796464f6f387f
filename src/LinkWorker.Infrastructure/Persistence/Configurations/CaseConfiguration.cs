using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Municipalities;
using LinkWorker.Domain.Offers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LinkWorker.Infrastructure.Persistence.Configurations;

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> builder)
    {
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.MunicipalityCode).HasMaxLength(4);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.ClosureReason).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.ClosureNote).HasMaxLength(2000);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Property(c => c.FailedContactAttempts).HasDefaultValue(0);
        builder.Property(c => c.Interests).HasConversion(EnumList<Interest>.Converter, EnumList<Interest>.Comparer).HasMaxLength(400).HasDefaultValue(Array.Empty<Interest>());
        builder.Ignore(c => c.IsOpen);
        builder.Ignore(c => c.HoldsGuide);
        builder.Ignore(c => c.FirstContactDue);
        builder.Property(c => c.FirstContactWorkingDays).HasDefaultValue(Case.DefaultFirstContactWorkingDays);
        builder.HasOne<Municipality>().WithMany().HasForeignKey(c => c.MunicipalityCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Citizen>().WithMany().HasForeignKey(c => c.CitizenId).OnDelete(DeleteBehavior.Restrict);

        // At most one open case per citizen, enforced by the database.
        builder.HasIndex(c => c.CitizenId).IsUnique().HasFilter("\"Status\" <> 'Closed'").HasDatabaseName("IX_Cases_CitizenId_Open");
        builder.HasIndex(c => new { c.MunicipalityCode, c.Status });
        // A returning citizen's last guide (intake), their record (right of access) and the retention job's latest
        // closure: the open-case index above holds no closed case.
        builder.HasIndex(c => new { c.CitizenId, c.ClosedAt }).HasDatabaseName("IX_Cases_CitizenId_ClosedAt");
        builder.HasIndex(c => c.AssignedGuideId);

        // The queues walk these in their order, one range per urgency and kind (ADR 29): the guide's open cases, and
        // triage (a municipality's cases in one status).
        builder.HasIndex(c => new { c.AssignedGuideId, c.Urgency, c.FirstContactDueAt, c.OpenedAt, c.Id })
            .HasFilter("\"Status\" <> 'Closed'").HasDatabaseName("IX_Cases_GuideQueue");
        builder.HasIndex(c => new { c.MunicipalityCode, c.Status, c.Urgency, c.FirstContactDueAt, c.OpenedAt, c.Id })
            .HasDatabaseName("IX_Cases_StatusQueue");

        // Reports select a municipality's cases by referral date, and read the first contact from the index too; the
        // closures of a period by closing date with their reason (ADR 0033).
        builder.HasIndex(c => new { c.MunicipalityCode, c.OpenedAt, c.FirstContactAt }).HasDatabaseName("IX_Cases_Report");
        builder.HasIndex(c => new { c.MunicipalityCode, c.ClosedAt, c.Status, c.ClosureReason }).HasDatabaseName("IX_Cases_Closures");

        // A referring system polls for status changes since its last poll (FHIR _lastUpdated, ADR 0024).
        builder.HasIndex(c => c.StatusChangedAt);
    }
}
