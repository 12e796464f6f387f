using LinkWorker.Domain.Queues;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LinkWorker.Infrastructure.Persistence.Configurations;

internal sealed class QueueVisitConfiguration : IEntityTypeConfiguration<QueueVisit>
{
    public void Configure(EntityTypeBuilder<QueueVisit> builder)
    {
        builder.HasKey(v => v.UserId);
        builder.Property(v => v.UserId).ValueGeneratedNever();
        builder.Property(v => v.MunicipalityCode).HasMaxLength(4);
    }
}
