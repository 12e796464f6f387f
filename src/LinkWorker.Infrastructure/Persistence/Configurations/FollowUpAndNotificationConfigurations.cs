using LinkWorker.Domain.Cases;
using LinkWorker.Domain.FollowUps;
using LinkWorker.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LinkWorker.Infrastructure.Persistence.Configurations;

internal sealed class FollowUpConfiguration : IEntityTypeConfiguration<FollowUp>
{
    public void Configure(EntityTypeBuilder<FollowUp> builder)
    {
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.MunicipalityCode).HasMaxLength(4);
        builder.Property(f => f.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.Note).HasMaxLength(1000);
        builder.Property(f => f.CancellationReason).HasMaxLength(200);
        builder.Property(f => f.Version).IsConcurrencyToken();
        builder.Ignore(f => f.IsPending);
        builder.HasOne<Case>().WithMany().HasForeignKey(f => f.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(f => new { f.CaseId, f.Status });
        builder.HasIndex(f => new { f.MunicipalityCode, f.Status, f.DueAt });

        // The escalation scan's candidates only: follow-ups escalated but never completed stay due for good and
        // would otherwise pile up in every scan's range.
        builder.HasIndex(f => new { f.MunicipalityCode, f.DueAt })
            .HasFilter("\"Status\" = 'Due' AND \"EscalatedAt\" IS NULL")
            .HasDatabaseName("IX_FollowUps_Escalation");
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.MunicipalityCode).HasMaxLength(4);
        builder.Property(n => n.DeduplicationKey).HasMaxLength(200);
        builder.Property(n => n.Channel).HasConversion<string>().HasMaxLength(10);
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(n => n.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(n => n.Destination).HasMaxLength(254);
        builder.Property(n => n.Title).HasMaxLength(200);
        builder.Property(n => n.Body).HasMaxLength(2000);
        builder.Property(n => n.EnglishTitle).HasMaxLength(200);
        builder.Property(n => n.EnglishBody).HasMaxLength(2000);
        builder.Property(n => n.LastError).HasMaxLength(300);

        // One notification per event and channel, whatever fires twice.
        builder.HasIndex(n => n.DeduplicationKey).IsUnique();
        builder.HasIndex(n => new { n.Status, n.NextAttemptAt });
        builder.HasIndex(n => new { n.RecipientUserId, n.ReadAt });
    }
}
