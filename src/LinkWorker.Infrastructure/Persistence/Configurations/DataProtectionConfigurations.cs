using LinkWorker.Domain.Citizens;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LinkWorker.Infrastructure.Persistence.Configurations;

internal sealed class CitizenRectificationConfiguration : IEntityTypeConfiguration<CitizenRectification>
{
    public void Configure(EntityTypeBuilder<CitizenRectification> builder)
    {
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.MunicipalityCode).HasMaxLength(4);
        builder.Property(r => r.Field).HasMaxLength(20);
        builder.Property(r => r.OldValue).HasMaxLength(254);
        builder.Property(r => r.NewValue).HasMaxLength(254);
        builder.Property(r => r.Reason).HasMaxLength(500);
        builder.HasOne<Citizen>().WithMany().HasForeignKey(r => r.CitizenId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => r.CitizenId);
    }
}

internal sealed class RightsRequestConfiguration : IEntityTypeConfiguration<RightsRequest>
{
    public void Configure(EntityTypeBuilder<RightsRequest> builder)
    {
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.MunicipalityCode).HasMaxLength(4);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Reason).HasMaxLength(1000);
        builder.Property(r => r.DecisionNote).HasMaxLength(1000);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasOne<Citizen>().WithMany().HasForeignKey(r => r.CitizenId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.MunicipalityCode, r.Status });
        builder.HasIndex(r => r.CitizenId);
    }
}
