using LinkWorker.Application.Reports;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Conversations;
using LinkWorker.Domain.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LinkWorker.Infrastructure.Persistence.Configurations;

internal sealed class ConsentConfiguration : IEntityTypeConfiguration<Consent>
{
    public void Configure(EntityTypeBuilder<Consent> builder)
    {
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.MunicipalityCode).HasMaxLength(4);
        builder.Property(c => c.Scopes).HasConversion(EnumList<ConsentScope>.Converter, EnumList<ConsentScope>.Comparer).HasMaxLength(300);
        builder.Property(c => c.Method).HasConversion<string>().HasMaxLength(10);
        builder.Property(c => c.ObtainedBy).HasMaxLength(200);
        builder.Property(c => c.WithdrawalReason).HasMaxLength(500);
        builder.HasOne<Case>().WithMany().HasForeignKey(c => c.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => c.CaseId);
        builder.Property<DateTimeOffset?>(ReportFacts.CaseOpenedAt);
        builder.HasIndex(nameof(Consent.MunicipalityCode), ReportFacts.CaseOpenedAt, nameof(Consent.CaseId), nameof(Consent.Scopes)).HasDatabaseName("IX_Consents_Report");
    }
}

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.MunicipalityCode).HasMaxLength(4);
        builder.Property(c => c.Mode).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Summary).HasMaxLength(8000);
        builder.Property(c => c.Topics).HasConversion(EnumList<LifeArena>.Converter, EnumList<LifeArena>.Comparer).HasMaxLength(200);
        builder.Property(c => c.CitizensView).HasMaxLength(4000);
        builder.Property(c => c.AgreedNextSteps).HasMaxLength(4000);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Ignore(c => c.Content);
        builder.HasOne<Case>().WithMany().HasForeignKey(c => c.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.CaseId, c.OccurredAt });
    }
}

internal sealed class ConversationAmendmentConfiguration : IEntityTypeConfiguration<ConversationAmendment>
{
    public void Configure(EntityTypeBuilder<ConversationAmendment> builder)
    {
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.MunicipalityCode).HasMaxLength(4);
        builder.Property(a => a.Field).HasMaxLength(50);
        builder.Property(a => a.OldValue).HasMaxLength(8000);
        builder.Property(a => a.NewValue).HasMaxLength(8000);
        builder.Property(a => a.Reason).HasMaxLength(500);
        builder.HasOne<Conversation>().WithMany().HasForeignKey(a => a.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.ConversationId);
    }
}
