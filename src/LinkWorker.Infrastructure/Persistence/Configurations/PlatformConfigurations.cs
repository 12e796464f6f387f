using LinkWorker.Domain.Auditing;
using LinkWorker.Domain.Idempotency;
using LinkWorker.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LinkWorker.Infrastructure.Persistence.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Roles).HasMaxLength(100);
        builder.Property(a => a.MunicipalityCode).HasMaxLength(4);
        builder.Property(a => a.Action).HasMaxLength(100);
        builder.Property(a => a.EntityType).HasMaxLength(100);
        builder.Property(a => a.CorrelationId).HasMaxLength(100);
        builder.Property(a => a.Outcome).HasMaxLength(20);
        builder.HasIndex(a => new { a.EntityType, a.EntityId });
        builder.HasIndex(a => new { a.MunicipalityCode, a.At });
        // A case's audit trail reads each of its entities' entries newest first as one index range (ADR 31).
        builder.HasIndex(a => new { a.EntityId, a.At, a.Id });
        builder.Property(a => a.Hash).HasMaxLength(64);
        // A link has one place: an inserted row cannot share a sequence number with the row it imitates.
        builder.HasIndex(a => new { a.Chain, a.Sequence }).IsUnique();
    }
}

internal sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> builder)
    {
        builder.HasKey(h => h.Chain);
        builder.Property(h => h.Chain).ValueGeneratedNever();
        builder.Property(h => h.LastHash).HasMaxLength(64);
    }
}

internal sealed class AuditEntrySubjectConfiguration : IEntityTypeConfiguration<AuditEntrySubject>
{
    public void Configure(EntityTypeBuilder<AuditEntrySubject> builder)
    {
        // Keyed by the entity first: the case audit finds every list read that showed an id by this key alone.
        builder.HasKey(s => new { s.EntityId, s.AuditEntryId });
        builder.HasOne<AuditEntry>().WithMany().HasForeignKey(s => s.AuditEntryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => s.AuditEntryId);
        // The list reads that showed one entity, newest first, as one index range (ADR 31).
        builder.HasIndex(s => new { s.EntityId, s.At, s.AuditEntryId });
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Scope).HasMaxLength(100);
        builder.Property(r => r.Key).HasMaxLength(255);
        builder.Property(r => r.RequestHash).HasMaxLength(64);
        builder.Ignore(r => r.IsCompleted);
        builder.HasIndex(r => new { r.Scope, r.Key }).IsUnique();
        builder.HasIndex(r => r.ExpiresAt);
    }
}

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> builder)
    {
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.TokenHash).HasMaxLength(64);
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.HasIndex(t => t.FamilyId);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ServerKeyConfiguration : IEntityTypeConfiguration<ServerKey>
{
    public void Configure(EntityTypeBuilder<ServerKey> builder)
    {
        builder.Property(k => k.Id).HasMaxLength(50);
        builder.Property(k => k.Use).HasMaxLength(3);
        builder.Property(k => k.KeyMaterial).HasMaxLength(4000);
        builder.HasIndex(k => new { k.Use, k.CreatedAt });
    }
}

internal sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> builder)
    {
        builder.Property(u => u.MunicipalityCode).HasMaxLength(4);
        builder.Property(u => u.DisplayName).HasMaxLength(200);
        builder.HasOne<Domain.Municipalities.Municipality>().WithMany().HasForeignKey(u => u.MunicipalityCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Domain.Organisations.Organisation>().WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}
