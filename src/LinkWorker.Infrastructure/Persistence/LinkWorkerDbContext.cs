using System.Linq.Expressions;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Reports;
using LinkWorker.Domain.Auditing;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Common;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Conversations;
using LinkWorker.Domain.Districts;
using LinkWorker.Domain.FollowUps;
using LinkWorker.Domain.Guides;
using LinkWorker.Domain.Idempotency;
using LinkWorker.Domain.Municipalities;
using LinkWorker.Domain.Notifications;
using LinkWorker.Domain.Offers;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Outcomes;
using LinkWorker.Domain.Referrals;
using LinkWorker.Domain.Routing;
using LinkWorker.Infrastructure.Auditing;
using LinkWorker.Infrastructure.Encryption;
using LinkWorker.Infrastructure.Identity;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace LinkWorker.Infrastructure.Persistence;

public sealed class LinkWorkerDbContext(
    DbContextOptions<LinkWorkerDbContext> options, ICurrentUser currentUser, IAuditTrail auditTrail, TimeProvider clock, AuditChain auditChain,
    FieldCipher? fieldCipher = null, IDatabaseWriteGate? writeGate = null)
    : IdentityDbContext<ApplicationUser, IdentityRole<Guid>, Guid>(options), IAppDbContext, IDataProtectionKeyContext
{
    private int? _chain;
    private bool? _onSqlite;

    public DbSet<Municipality> Municipalities => Set<Municipality>();

    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<Citizen> Citizens => Set<Citizen>();

    public DbSet<Case> Cases => Set<Case>();

    public DbSet<Referral> Referrals => Set<Referral>();

    public DbSet<ContactAttempt> ContactAttempts => Set<ContactAttempt>();

    public DbSet<Consent> Consents => Set<Consent>();

    public DbSet<Conversation> Conversations => Set<Conversation>();

    public DbSet<ConversationAmendment> ConversationAmendments => Set<ConversationAmendment>();

    public DbSet<FollowUp> FollowUps => Set<FollowUp>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<TilsMeasurement> TilsMeasurements => Set<TilsMeasurement>();

    public DbSet<CommunityParticipation> CommunityParticipations => Set<CommunityParticipation>();

    public DbSet<Guide> Guides => Set<Guide>();

    public DbSet<District> Districts => Set<District>();

    public DbSet<RoutingDecision> RoutingDecisions => Set<RoutingDecision>();

    public DbSet<Offer> Offers => Set<Offer>();

    public DbSet<Organiser> Organisers => Set<Organiser>();

    public DbSet<PostcodeArea> PostcodeAreas => Set<PostcodeArea>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AuditEntrySubject> AuditEntrySubjects => Set<AuditEntrySubject>();

    public DbSet<AuditChainHead> AuditChainHeads => Set<AuditChainHead>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<LinkWorker.Domain.Queues.QueueVisit> QueueVisits => Set<LinkWorker.Domain.Queues.QueueVisit>();

    public DbSet<CitizenRectification> CitizenRectifications => Set<CitizenRectification>();

    public DbSet<RightsRequest> RightsRequests => Set<RightsRequest>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<ServerKey> ServerKeys => Set<ServerKey>();

    /// <summary>ASP.NET Core Data Protection's keys (sign-in cookies, antiforgery), shared by the nodes.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>The key ring's keys, wrapped by the master key (ADR 26).</summary>
    public DbSet<EncryptionKey> EncryptionKeys => Set<EncryptionKey>();

    // EF Core answers IsSqlite() by reading the provider's assembly name each time; the audit path asks per entry.
    internal bool OnSqlite => _onSqlite ??= Database.IsSqlite();

    /// <summary>SQLite: the open unit of work, whose transaction begins at its first write (ADR 0035).</summary>
    internal SqliteUnitOfWorkTransaction? SqliteUnit { get; set; }

    /// <summary>
    /// A read that must hold its rows until the commit (PostgreSQL's <c>FOR UPDATE</c>): on SQLite the unit of work's
    /// transaction, and with it the file's write lock, begins here.
    /// </summary>
    internal async ValueTask LockForWriting(CancellationToken cancellationToken)
    {
        if (SqliteUnit is { Begun: false } unit)
        {
            await unit.BeginAsync(cancellationToken);
        }
    }

    /// <summary>Encrypts and decrypts the protected columns; its model is built for it (see CipherModelCacheKeyFactory).</summary>
    internal FieldCipher? Cipher => fieldCipher;

    /// <summary>The caller's municipality; the query filters compare every citizen-data row with it.</summary>
    public string? CurrentMunicipality => currentUser.MunicipalityCode;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(LinkWorkerDbContext).Assembly);
        builder.UseOpenIddict<Guid>();
        EncryptedColumns.Configure(builder, fieldCipher ?? FieldCipher.Unavailable);

        foreach (var entity in builder.Model.GetEntityTypes().Where(e => typeof(IMunicipalityScoped).IsAssignableFrom(e.ClrType)))
        {
            builder.Entity(entity.ClrType).HasQueryFilter(MunicipalityFilter(entity.ClrType));
        }
    }

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        optionsBuilder.ReplaceService<IModelCacheKeyFactory, CipherModelCacheKeyFactory>();
    }

    /// <summary>Citizens with this CPR number (at most one per municipality), found by its keyed hash (ADR 26).</summary>
    public IQueryable<Citizen> CitizensWithCprNumber(string digits)
    {
        var hash = (fieldCipher ?? FieldCipher.Unavailable).CprHash(digits);
        return Citizens.Where(c => EF.Property<string?>(c, EncryptedColumns.CprHash) == hash);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset; UTC ticks keep both exact. PostgreSQL uses timestamptz.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        // The changes are detected once for the stamps and once by the save (which sees the versions stamped here),
        // not again by every look at the tracker in between (a referral's intake looked five times).
        if (!ChangeTracker.AutoDetectChangesEnabled)
        {
            return await SaveStampedChanges(acceptAllChangesOnSuccess, detectBeforeSave: false, cancellationToken);
        }

        ChangeTracker.DetectChanges();
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return await SaveStampedChanges(acceptAllChangesOnSuccess, detectBeforeSave: true, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = true;
        }
    }

    private Task<int> SaveTracked(bool acceptAllChangesOnSuccess, bool detectBeforeSave, CancellationToken cancellationToken)
    {
        if (detectBeforeSave)
        {
            ChangeTracker.DetectChanges();
        }

        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private async Task<int> SaveStampedChanges(bool acceptAllChangesOnSuccess, bool detectBeforeSave, CancellationToken cancellationToken)
    {
        StampMunicipalityAndVersions();
        await StampCaseOpenedAt(cancellationToken);
        // SQLite: the write lock for the save and the commit (ADR 0035). Asked only there: HasChanges() detects the
        // changes once more, which the save itself does anyway.
        if (SqliteUnit is { Begun: false } && (auditTrail.HasPending || ChangeTracker.HasChanges()))
        {
            await LockForWriting(cancellationToken);
        }

        // SQLite, a save outside a unit of work (the audit row of a replayed or denied request, a self-committing
        // handler's step): it takes the process's write turn as a unit does. Beside the units, its busy handler lost
        // the file's lock to them again and again: a replay waited 0.5-1.7 s under load (ADR 0038).
        using var turn = writeGate is not null && SqliteUnit is null && Database.CurrentTransaction is null && OnSqlite
            && (auditTrail.HasPending || ChangeTracker.HasChanges())
            ? await writeGate.EnterAsync(cancellationToken)
            : null;

        if (!auditTrail.HasPending)
        {
            return await SaveTracked(acceptAllChangesOnSuccess, detectBeforeSave, cancellationToken);
        }

        // One batch for the work and its audit links (issue 18): the chain's head is locked first, then held for
        // that batch and the commit only. If the save fails, the links are taken back and the notes restored, so a
        // handler that retries a failed save keeps them.
        await using var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var head = await LockChainHead(cancellationToken);
        var notes = auditTrail.Drain();
        var (links, subjects) = AppendAuditLinks(head, notes);
        int written;
        try
        {
            written = await SaveTracked(acceptAllChangesOnSuccess, detectBeforeSave, cancellationToken);
        }
        catch
        {
            foreach (var link in links)
            {
                Entry(link).State = EntityState.Detached;
            }

            Entry(head).State = EntityState.Detached; // read afresh by the next save
            auditTrail.Restore(notes);
            throw;
        }

        written += await InsertSubjects(subjects, cancellationToken);
        if (own is not null)
        {
            await own.CommitAsync(cancellationToken);
        }

        return written;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult(); // nothing calls it; kept correct, not fast

    public bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555, // UNIQUE, PRIMARYKEY
        _ => false,
    };

    /// <summary>
    /// A new referral, consent, T-ILS score or community match keeps its case's OpenedAt (ReportFacts, ADR 0033).
    /// The case is nearly always tracked (it was read for the access check, or is being opened); otherwise one
    /// query reads the missing cases' instants.
    /// </summary>
    private async Task StampCaseOpenedAt(CancellationToken cancellationToken)
    {
        List<(EntityEntry Entry, Guid CaseId)>? pending = null;
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State != EntityState.Added)
            {
                continue;
            }

            Guid? caseId = entry.Entity switch
            {
                Referral r => r.CaseId,
                Consent c => c.CaseId,
                TilsMeasurement m => m.CaseId,
                CommunityParticipation p => p.CaseId,
                _ => null,
            };
            if (caseId is { } id && entry.Property(ReportFacts.CaseOpenedAt).CurrentValue is null)
            {
                (pending ??= []).Add((entry, id));
            }
        }

        if (pending is null)
        {
            return;
        }

        var opened = ChangeTracker.Entries<Case>().ToDictionary(e => e.Entity.Id, e => e.Entity.OpenedAt);
        var missing = pending.Select(p => p.CaseId).Where(id => !opened.ContainsKey(id)).Distinct().ToList();
        if (missing.Count > 0)
        {
            foreach (var row in await Cases.IgnoreQueryFilters().AsNoTracking().Where(c => missing.Contains(c.Id))
                         .Select(c => new { c.Id, c.OpenedAt }).ToListAsync(cancellationToken))
            {
                opened[row.Id] = row.OpenedAt;
            }
        }

        foreach (var (entry, caseId) in pending)
        {
            // A row of a case that does not exist fails on its foreign key anyway.
            entry.Property(ReportFacts.CaseOpenedAt).CurrentValue = opened.TryGetValue(caseId, out var at) ? at : null;
        }
    }

    private void StampMunicipalityAndVersions()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry is { State: EntityState.Added, Entity: IMunicipalityScoped scoped }
                && CurrentMunicipality is { } mine && scoped.MunicipalityCode != mine)
            {
                // Writes never cross municipalities, whatever a handler got wrong.
                throw new InvalidOperationException($"A {entry.Metadata.ClrType.Name} of another municipality cannot be written.");
            }

            if (entry is { State: EntityState.Added or EntityState.Modified, Entity: Citizen citizen })
            {
                // The CPR number's hash is what "one citizen per CPR number" is decided on; it follows the number.
                entry.Property(EncryptedColumns.CprHash).CurrentValue =
                    citizen.CprNumber is null ? null : (fieldCipher ?? FieldCipher.Unavailable).CprHash(citizen.CprNumber);
            }

            if (entry is { State: EntityState.Modified, Entity: IVersioned versioned })
            {
                versioned.Version++;
            }
        }
    }

    /// <summary>
    /// Seals the notes into the chain; returns the rows added (taken back if the save fails) and the subjects of list
    /// reads still to be written after the save, in one statement each.
    /// </summary>
    private (List<object> Added, List<(Guid Entry, DateTimeOffset At, IReadOnlyList<Guid> Shown)> Later) AppendAuditLinks(AuditChainHead head, IReadOnlyList<AuditNote> notes)
    {
        var added = new List<object>();
        var now = clock.GetUtcNow();
        var roles = string.Join(',', currentUser.Roles);
        var later = new List<(Guid, DateTimeOffset, IReadOnlyList<Guid>)>();
        foreach (var note in notes)
        {
            var id = Guid.CreateVersion7(now);
            var entry = new AuditEntry(
                id, now, currentUser.UserId, roles, currentUser.MunicipalityCode, note.Action,
                note.EntityType, note.EntityId, currentUser.CorrelationId, note.Outcome);

            // A list read is one entry; the ids it showed go beside it, in the same transaction (ADR 7). EF Core
            // would send one INSERT per id: a page's ids are one statement after the entry instead (ADR 29, ADR 46).
            // On PostgreSQL a few ids (a case view's citizen and conversations) stay in the batch: there they need no
            // round trip of their own.
            var shown = note.ShownIds ?? [];
            if (OnSqlite || shown.Count > SubjectsInTheBatch)
            {
                if (shown.Count > 0)
                {
                    later.Add((id, now, shown));
                }
            }
            else
            {
                foreach (var subject in shown)
                {
                    var row = new AuditEntrySubject(id, subject, now);
                    AuditEntrySubjects.Add(row);
                    added.Add(row);
                }
            }

            var sequence = head.LastSequence + 1;
            var link = auditChain.Link(entry, head.Chain, sequence, shown, head.LastHash);
            entry.Seal(head.Chain, sequence, link);
            head.Advance(sequence, link);
            AuditEntries.Add(entry);
            added.Add(entry);
        }

        return (added, later);
    }

    /// <summary>The most ids of one entry that PostgreSQL gets in EF Core's batch, one INSERT each.</summary>
    private const int SubjectsInTheBatch = 8;

    /// <summary>
    /// One INSERT per list read: on SQLite the ids as a JSON array, stored as EF Core stores a Guid there (upper-case
    /// text); on PostgreSQL as a uuid array.
    /// </summary>
    private async Task<int> InsertSubjects(List<(Guid Entry, DateTimeOffset At, IReadOnlyList<Guid> Shown)> subjects, CancellationToken cancellationToken)
    {
        var written = 0;
        foreach (var (entry, at, shown) in subjects)
        {
            if (OnSqlite)
            {
                var ids = System.Text.Json.JsonSerializer.Serialize(shown.Select(id => id.ToString("D").ToUpperInvariant()));
                var entryText = entry.ToString("D").ToUpperInvariant();
                written += await Database.ExecuteSqlAsync(
                    $"""INSERT INTO "AuditEntrySubjects" ("EntityId", "AuditEntryId", "At") SELECT value, {entryText}, {at.UtcTicks} FROM json_each({ids})""",
                    cancellationToken);
            }
            else
            {
                var ids = shown.ToArray();
                written += await Database.ExecuteSqlAsync(
                    $"""INSERT INTO "AuditEntrySubjects" ("EntityId", "AuditEntryId", "At") SELECT unnest({ids}), {entry}, {at}""",
                    cancellationToken);
            }
        }

        return written;
    }

    /// <summary>
    /// One chain per context, so one transaction never waits for two heads (no deadlock between chains). PostgreSQL:
    /// the first head no other transaction holds, looked at from a random one; a writer waits only when every head is
    /// held. SQLite: any, its one writer holds the file.
    /// </summary>
    private async Task<AuditChainHead> LockChainHead(CancellationToken cancellationToken)
    {
        // Read it afresh: another node may have appended since this context last saw it.
        foreach (var tracked in ChangeTracker.Entries<AuditChainHead>().ToList())
        {
            tracked.State = EntityState.Detached;
        }

        if (OnSqlite)
        {
            _chain ??= Random.Shared.Next(AuditChain.Count);
            return await AuditChainHeads.SingleAsync(h => h.Chain == _chain.Value, cancellationToken);
        }

        if (_chain is null)
        {
            var start = Random.Shared.Next(AuditChain.Count);
            var free = await AuditChainHeads.FromSql(
                    $"SELECT * FROM \"AuditChainHeads\" ORDER BY (\"Chain\" + {AuditChain.Count - start}) % {AuditChain.Count} LIMIT 1 FOR UPDATE SKIP LOCKED")
                .SingleOrDefaultAsync(cancellationToken);
            if (free is not null)
            {
                _chain = free.Chain;
                return free;
            }

            _chain = start;
        }

        return await AuditChainHeads.FromSql($"SELECT * FROM \"AuditChainHeads\" WHERE \"Chain\" = {_chain.Value} FOR UPDATE")
            .SingleAsync(cancellationToken);
    }

    private LambdaExpression MunicipalityFilter(Type entityType)
    {
        var entity = Expression.Parameter(entityType, "e");
        var code = Expression.Property(entity, nameof(IMunicipalityScoped.MunicipalityCode));
        var current = Expression.Property(Expression.Constant(this), nameof(CurrentMunicipality));
        return Expression.Lambda(Expression.Equal(code, current), entity);
    }
}

internal sealed class UtcTicksConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
