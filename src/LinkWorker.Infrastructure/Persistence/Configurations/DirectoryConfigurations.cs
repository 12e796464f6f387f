using LinkWorker.Domain.Districts;
using LinkWorker.Domain.Municipalities;
using LinkWorker.Domain.Offers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LinkWorker.Infrastructure.Persistence.Configurations;

internal sealed class OfferConfiguration : IEntityTypeConfiguration<Offer>
{
    public void Configure(EntityTypeBuilder<Offer> builder)
    {
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.MunicipalityCode).HasMaxLength(4);
        builder.Property(o => o.ExternalId).HasMaxLength(100);
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.Property(o => o.Description).HasMaxLength(4000);
        builder.Property(o => o.Strategy).HasConversion<string>().HasMaxLength(40);
        builder.Property(o => o.Type).HasConversion<string>().HasMaxLength(40);
        builder.Property(o => o.GenderFocus).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.RunBy).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.TargetGroups).HasConversion(EnumList<TargetGroup>.Converter, EnumList<TargetGroup>.Comparer).HasMaxLength(400);
        builder.Property(o => o.Languages).HasConversion(ValueConversions.StringList, ValueConversions.ListComparer<string>()).HasMaxLength(200);
        builder.Property(o => o.Modes).HasConversion(EnumList<OfferMode>.Converter, EnumList<OfferMode>.Comparer).HasMaxLength(100);
        builder.Property(o => o.Interests).HasConversion(EnumList<Interest>.Converter, EnumList<Interest>.Comparer).HasMaxLength(400);
        builder.Property(o => o.Schedule).HasConversion(ValueConversions.JsonList<OfferSession>(), ValueConversions.ListComparer<OfferSession>()).HasMaxLength(2000);
        builder.Property(o => o.LocationName).HasMaxLength(200);
        builder.Property(o => o.Street).HasMaxLength(200);
        builder.Property(o => o.Postcode).HasMaxLength(4);
        builder.Property(o => o.City).HasMaxLength(100);
        builder.Property(o => o.ScheduleNote).HasMaxLength(500);
        builder.Property(o => o.CostNote).HasMaxLength(500);
        builder.Property(o => o.AccessibilityNotes).HasMaxLength(1000);
        builder.Property(o => o.TransportNotes).HasMaxLength(1000);
        builder.Property(o => o.ContactName).HasMaxLength(200);
        builder.Property(o => o.ContactRole).HasMaxLength(200);
        builder.Property(o => o.ContactPhone).HasMaxLength(40);
        builder.Property(o => o.ContactEmail).HasMaxLength(254);
        builder.Property(o => o.VerifiedByName).HasMaxLength(200);
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.Ignore(o => o.Location);
        builder.Ignore(o => o.Contact);
        builder.Ignore(o => o.IsArchived);
        builder.Ignore(o => o.MeetsInPerson);
        builder.HasOne<Municipality>().WithMany().HasForeignKey(o => o.MunicipalityCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organiser>().WithMany().HasForeignKey(o => o.OrganiserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<District>().WithMany().HasForeignKey(o => o.DistrictId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(o => o.MunicipalityCode);
        builder.HasIndex(o => o.OrganiserId);
        builder.HasIndex(o => o.DistrictId);
        // Importing the same file twice updates the same offers.
        builder.HasIndex(o => new { o.MunicipalityCode, o.ExternalId }).IsUnique().HasFilter("\"ExternalId\" IS NOT NULL");
    }
}

internal sealed class OrganiserConfiguration : IEntityTypeConfiguration<Organiser>
{
    public void Configure(EntityTypeBuilder<Organiser> builder)
    {
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.MunicipalityCode).HasMaxLength(4);
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.Property(o => o.Website).HasMaxLength(500);
        builder.Property(o => o.Email).HasMaxLength(254);
        builder.Property(o => o.Phone).HasMaxLength(40);
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.HasOne<Municipality>().WithMany().HasForeignKey(o => o.MunicipalityCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(o => new { o.MunicipalityCode, o.Name }).IsUnique();
    }
}

internal sealed class PostcodeAreaConfiguration : IEntityTypeConfiguration<PostcodeArea>
{
    public void Configure(EntityTypeBuilder<PostcodeArea> builder)
    {
        builder.HasKey(p => p.Code);
        builder.Property(p => p.Code).HasMaxLength(4);
        builder.Property(p => p.Name).HasMaxLength(100);
        builder.Ignore(p => p.Centre);
    }
}
