using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LinkWorker.Infrastructure.Encryption;

internal sealed class EncryptionKeyConfiguration : IEntityTypeConfiguration<EncryptionKey>
{
    public void Configure(EntityTypeBuilder<EncryptionKey> builder)
    {
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.Purpose).HasMaxLength(10);
        builder.Property(k => k.WrappedKey).HasMaxLength(200);
        builder.Property(k => k.MasterKeyId).HasMaxLength(16);
    }
}
