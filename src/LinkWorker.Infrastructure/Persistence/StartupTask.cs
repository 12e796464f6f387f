using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LinkWorker.Infrastructure.Persistence;

/// <summary>
/// Work a start must do once, named by a row that a migration inserts; the database initializer does the work and
/// deletes the row, so later starts skip it with one primary-key read (ADR 34). Today one task: encrypting the
/// values written in plain text before a column was encrypted (ADR 26) — a migration that adds a column to
/// <c>EncryptedColumns</c> inserts <see cref="EncryptPlainText"/> again.
/// </summary>
public sealed class StartupTask
{
    /// <summary>Rows whose protected columns may still hold plain text: a full scan of every encrypted table.</summary>
    public const string EncryptPlainText = "encrypt-plain-text";

    private StartupTask()
    {
    }

    public StartupTask(string name) => Name = name;

    public string Name { get; private set; } = "";
}

internal sealed class StartupTaskConfiguration : IEntityTypeConfiguration<StartupTask>
{
    public void Configure(EntityTypeBuilder<StartupTask> builder)
    {
        builder.ToTable("StartupTasks");
        builder.HasKey(t => t.Name);
        builder.Property(t => t.Name).HasMaxLength(100);
    }
}
