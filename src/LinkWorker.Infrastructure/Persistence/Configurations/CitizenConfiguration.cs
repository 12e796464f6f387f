using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Municipalities;
using LinkWorker.Infrastructure.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LinkWorker.Infrastructure.Persistence.Configurations;

internal sealed class CitizenConfiguration : IEntityTypeConfiguration<Citizen>
{
    public void Configure(EntityTypeBuilder<Citizen> builder)
    {
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.MunicipalityCode).HasMaxLength(4);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.CprNumber).HasMaxLength(10);
        builder.Property(c => c.Phone).HasMaxLength(30);
        builder.Property(c => c.Email).HasMaxLength(254);
        builder.Property(c => c.PreferredLanguage).HasMaxLength(2);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.ComplexProperty(c => c.Address, address =>
        {
            address.Property(a => a.Street).HasMaxLength(200).HasColumnName("Street");
            address.Property(a => a.Postcode).HasMaxLength(4).HasColumnName("Postcode");
            address.Property(a => a.City).HasMaxLength(100).HasColumnName("City");
        });
        builder.HasOne<Municipality>().WithMany().HasForeignKey(c => c.MunicipalityCode).OnDelete(DeleteBehavior.Restrict);

        // One person, one row per municipality: decided by the database, also under concurrent referrals. The number
        // itself is encrypted (ADR 26), so the index is on its keyed hash, which the context sets on every save.
        builder.Property<string?>(EncryptedColumns.CprHash).HasMaxLength(64);
        builder.HasIndex(nameof(Citizen.MunicipalityCode), EncryptedColumns.CprHash).IsUnique().HasFilter($"\"{EncryptedColumns.CprHash}\" IS NOT NULL");
        builder.HasIndex(c => new { c.MunicipalityCode, c.DateOfBirth });
    }
}
