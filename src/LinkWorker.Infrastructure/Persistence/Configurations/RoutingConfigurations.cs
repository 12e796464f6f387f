using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Districts;
using LinkWorker.Domain.Guides;
using LinkWorker.Domain.Municipalities;
using LinkWorker.Domain.Routing;
using LinkWorker.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LinkWorker.Infrastructure.Persistence.Configurations;

internal sealed class GuideConfiguration : IEntityTypeConfiguration<Guide>
{
    public void Configure(EntityTypeBuilder<Guide> builder)
    {
        builder.Property(g => g.Id).ValueGeneratedNever();
        builder.Property(g => g.MunicipalityCode).HasMaxLength(4);
        builder.Property(g => g.DisplayName).HasMaxLength(200);
        builder.Property(g => g.Version).IsConcurrencyToken();
        builder.Property(g => g.Employer).HasConversion<string>().HasMaxLength(20);
        builder.Property(g => g.Districts).HasConversion(ValueConversions.GuidList, ValueConversions.ListComparer<Guid>()).HasMaxLength(2000);
        builder.Property(g => g.Languages).HasConversion(ValueConversions.StringList, ValueConversions.ListComparer<string>()).HasMaxLength(200);
        builder.Property(g => g.Specialties).HasConversion(EnumList<Specialty>.Converter, EnumList<Specialty>.Comparer).HasMaxLength(300);
        builder.Property(g => g.Absences).HasConversion(ValueConversions.JsonList<Absence>(), ValueConversions.ListComparer<Absence>()).HasMaxLength(4000);
        builder.HasOne<Municipality>().WithMany().HasForeignKey(g => g.MunicipalityCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithOne().HasForeignKey<Guide>(g => g.Id).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(g => g.MunicipalityCode);
    }
}

internal sealed class DistrictConfiguration : IEntityTypeConfiguration<District>
{
    public void Configure(EntityTypeBuilder<District> builder)
    {
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.MunicipalityCode).HasMaxLength(4);
        builder.Property(d => d.Name).HasMaxLength(100);
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.Property(d => d.Postcodes).HasConversion(ValueConversions.StringList, ValueConversions.ListComparer<string>()).HasMaxLength(1000);
        builder.HasOne<Municipality>().WithMany().HasForeignKey(d => d.MunicipalityCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(d => new { d.MunicipalityCode, d.Name }).IsUnique();
    }
}

internal sealed class RoutingDecisionConfiguration : IEntityTypeConfiguration<RoutingDecision>
{
    public void Configure(EntityTypeBuilder<RoutingDecision> builder)
    {
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.MunicipalityCode).HasMaxLength(4);
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.DecidedByName).HasMaxLength(200);
        builder.Property(d => d.Reasons).HasConversion(ValueConversions.JsonList<string>(), ValueConversions.ListComparer<string>()).HasMaxLength(4000);
        builder.HasOne<Case>().WithMany().HasForeignKey(d => d.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.CaseId, d.DecidedAt });

        // What reached a guide since their last queue visit, found from the guide's side (ADR 29).
        builder.HasIndex(d => new { d.GuideId, d.DecidedAt });
    }
}

internal sealed class ContactAttemptConfiguration : IEntityTypeConfiguration<ContactAttempt>
{
    public void Configure(EntityTypeBuilder<ContactAttempt> builder)
    {
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.MunicipalityCode).HasMaxLength(4);
        builder.Property(a => a.Channel).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<Case>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.CaseId, a.At });
    }
}
