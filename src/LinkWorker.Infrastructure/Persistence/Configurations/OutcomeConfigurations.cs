using LinkWorker.Application.Reports;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Offers;
using LinkWorker.Domain.Outcomes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LinkWorker.Infrastructure.Persistence.Configurations;

internal sealed class TilsMeasurementConfiguration : IEntityTypeConfiguration<TilsMeasurement>
{
    public void Configure(EntityTypeBuilder<TilsMeasurement> builder)
    {
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.MunicipalityCode).HasMaxLength(4);
        builder.Property(m => m.Point).HasConversion<string>().HasMaxLength(10);
        builder.Property(m => m.Category).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.WordingVersion).HasMaxLength(40);
        builder.HasOne<Case>().WithMany().HasForeignKey(m => m.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.CaseId, m.MeasuredAt });
        builder.Property<DateTimeOffset?>(ReportFacts.CaseOpenedAt);
        builder.HasIndex(nameof(TilsMeasurement.MunicipalityCode), ReportFacts.CaseOpenedAt, nameof(TilsMeasurement.CaseId), nameof(TilsMeasurement.Point),
            nameof(TilsMeasurement.MeasuredAt), nameof(TilsMeasurement.Total), nameof(TilsMeasurement.Category)).HasDatabaseName("IX_TilsMeasurements_Report");
    }
}

internal sealed class CommunityParticipationConfiguration : IEntityTypeConfiguration<CommunityParticipation>
{
    public void Configure(EntityTypeBuilder<CommunityParticipation> builder)
    {
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.MunicipalityCode).HasMaxLength(4);
        builder.Property(p => p.OfferName).HasMaxLength(200);
        builder.Property(p => p.StopReason).HasMaxLength(500);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20).HasDefaultValue(MatchStatus.Suggested);
        builder.Property(p => p.HandedOverHow).HasConversion<string>().HasMaxLength(30);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.Ignore(p => p.IsActive);
        builder.HasOne<Case>().WithMany().HasForeignKey(p => p.CaseId).OnDelete(DeleteBehavior.Cascade);
        // Offers are archived, not deleted: a match keeps pointing at what the citizen was matched to.
        builder.HasOne<Offer>().WithMany().HasForeignKey(p => p.OfferId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => p.CaseId);
        builder.HasIndex(p => p.OfferId);
        builder.Property<DateTimeOffset?>(ReportFacts.CaseOpenedAt);
        builder.HasIndex(nameof(CommunityParticipation.MunicipalityCode), ReportFacts.CaseOpenedAt, nameof(CommunityParticipation.StillAttendingAtThreeMonths),
            nameof(CommunityParticipation.Status)).HasDatabaseName("IX_CommunityParticipations_Report");
    }
}
