using LinkWorker.Domain.Municipalities;
using LinkWorker.Domain.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LinkWorker.Infrastructure.Persistence.Configurations;

internal sealed class MunicipalityConfiguration : IEntityTypeConfiguration<Municipality>
{
    public void Configure(EntityTypeBuilder<Municipality> builder)
    {
        builder.HasKey(m => m.Code);
        builder.Property(m => m.Code).HasMaxLength(4);
        builder.Property(m => m.Name).HasMaxLength(100);
        builder.Property(m => m.FirstContactWorkingDays).HasDefaultValue(5);
        builder.Property(m => m.UnreachableAfterAttempts).HasDefaultValue(3);
        builder.Property(m => m.EscalateFollowUpsAfterDays).HasDefaultValue(3);
        builder.Property(m => m.FollowUpPlans)
            .HasConversion(ValueConversions.JsonList<Domain.FollowUps.FollowUpPlan>(), ValueConversions.ListComparer<Domain.FollowUps.FollowUpPlan>())
            .HasMaxLength(4000).HasDefaultValue(new List<Domain.FollowUps.FollowUpPlan>());
        builder.Ignore(m => m.EffectiveFollowUpPlans);
        builder.Property(m => m.TilsModerateFrom).HasDefaultValue(5);
        builder.Property(m => m.TilsSevereFrom).HasDefaultValue(7);
        builder.Property(m => m.OfferStaleAfterMonths).HasDefaultValue(12);
        builder.Property(m => m.PersonalDataRetentionMonths).HasDefaultValue(Municipality.DefaultRetentionMonths);
        builder.Ignore(m => m.TilsCutoffs);
    }
}

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.MunicipalityCode).HasMaxLength(4);
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.Property(o => o.Sector).HasConversion<string>().HasMaxLength(40);
        builder.HasOne<Municipality>().WithMany().HasForeignKey(o => o.MunicipalityCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(o => new { o.MunicipalityCode, o.Name }).IsUnique();
    }
}
