using System.Collections.Concurrent;
using LinkWorker.Application.Reports;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Municipalities;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LinkWorker.Infrastructure.Persistence.Configurations;

internal sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> builder)
    {
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.MunicipalityCode).HasMaxLength(4);
        builder.Property(r => r.Sector).HasConversion<string>().HasMaxLength(40);
        builder.Property(r => r.Reason).HasMaxLength(4000);
        builder.Property(r => r.ReferringProfessional).HasMaxLength(200);
        builder.Property(r => r.LonelinessType).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Urgency).HasConversion<string>().HasMaxLength(10);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Property(r => r.AgeBand).HasMaxLength(10);

        // Enum lists as one comma-separated column: portable across both providers and easy to read in SQL.
        builder.Property(r => r.LifeArenas).HasConversion(EnumList<LifeArena>.Converter, EnumList<LifeArena>.Comparer).HasMaxLength(200);
        builder.Property(r => r.LifeTransitions).HasConversion(EnumList<LifeTransition>.Converter, EnumList<LifeTransition>.Comparer).HasMaxLength(400);

        builder.ComplexProperty(r => r.PracticalNeeds, needs =>
        {
            needs.Property(n => n.Transport).HasColumnName("NeedsTransport");
            needs.Property(n => n.Disability).HasColumnName("NeedsDisabilitySupport");
            needs.Property(n => n.DigitalAccess).HasColumnName("NeedsDigitalAccess");
            needs.Property(n => n.Notes).HasColumnName("PracticalNeedsNotes").HasMaxLength(1000);
        });
        builder.ComplexProperty(r => r.Consent, consent =>
        {
            consent.Property(c => c.ObtainedBy).HasColumnName("ConsentObtainedBy").HasMaxLength(200);
            consent.Property(c => c.Method).HasColumnName("ConsentMethod").HasConversion<string>().HasMaxLength(10);
            consent.Property(c => c.ObtainedAt).HasColumnName("ConsentObtainedAt");
        });

        builder.HasOne<Municipality>().WithMany().HasForeignKey(r => r.MunicipalityCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Case>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Citizen>().WithMany().HasForeignKey(r => r.CitizenId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.MunicipalityCode, r.ReceivedAt });
        builder.HasIndex(r => new { r.ReferrerUserId, r.ReceivedAt });

        // The outcome report's counts by origin and by lists, read from the index alone (ReportFacts, ADR 0033).
        builder.Property<DateTimeOffset?>(ReportFacts.CaseOpenedAt);
        builder.HasIndex(
                nameof(Referral.MunicipalityCode), ReportFacts.CaseOpenedAt, nameof(Referral.Sector), nameof(Referral.OrganisationId), nameof(Referral.AgeBand),
                nameof(Referral.LifeArenas), nameof(Referral.LifeTransitions))
            .HasDatabaseName("IX_Referrals_Report");

        // A sending system's referral id is unique per organisation: the database settles concurrent resubmissions.
        builder.Property(r => r.ExternalIdSystem).HasMaxLength(ExternalReferralId.MaxSystemLength);
        builder.Property(r => r.ExternalIdValue).HasMaxLength(ExternalReferralId.MaxValueLength);
        builder.HasIndex(r => new { r.OrganisationId, r.ExternalIdSystem, r.ExternalIdValue }).IsUnique()
            .HasFilter("\"ExternalIdValue\" IS NOT NULL").HasDatabaseName("IX_Referrals_ExternalId");
    }
}

internal static class EnumList<TEnum>
    where TEnum : struct, Enum
{
    // Reports read the same few hundred combinations on 100,000 rows: each distinct text is parsed once and the
    // read-only list shared. Bounded, so that unusual data cannot grow it without limit.
    private const int CacheLimit = 4096;

    private static readonly ConcurrentDictionary<string, IReadOnlyList<TEnum>> Parsed = new(StringComparer.Ordinal);

    public static readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<IReadOnlyList<TEnum>, string> Converter = new(
        list => string.Join(',', list),
        text => Parse(text));

    public static readonly ValueComparer<IReadOnlyList<TEnum>> Comparer = new(
        (a, b) => a!.SequenceEqual(b!),
        list => list.Aggregate(0, (hash, item) => HashCode.Combine(hash, item)),
        list => list.ToList());

    public static IReadOnlyList<TEnum> Parse(string text)
    {
        if (Parsed.TryGetValue(text, out var list))
        {
            return list;
        }

        list = Array.AsReadOnly(text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<TEnum>).ToArray());
        if (Parsed.Count < CacheLimit)
        {
            Parsed.TryAdd(text, list);
        }

        return list;
    }
}
