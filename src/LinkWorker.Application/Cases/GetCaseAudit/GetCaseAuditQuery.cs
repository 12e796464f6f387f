using FluentValidation;
using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Paging;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Conversations;
using LinkWorker.Domain.FollowUps;
using LinkWorker.Domain.Outcomes;
using LinkWorker.Domain.Referrals;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Cases.GetCaseAudit;

/// <summary>
/// Who read or changed anything of this case — the case, its citizen, referrals, consents, conversations,
/// follow-ups (also those the scheduler fired or escalated) and matches with community offers. Newest first (then by
/// entry id and entity id), one keyset page at a time (<see cref="PageSizes"/>), continued with <c>NextCursor</c>.
/// Filters: <paramref name="Person"/> (a user id, or <c>system</c> for what no person did), <paramref name="Action"/>
/// (the request's name, e.g. <c>GetCase</c>), <paramref name="From"/> (inclusive) and <paramref name="Before"/>
/// (exclusive).
/// </summary>
[Authorize(Roles.Coordinator)]
public sealed record GetCaseAuditQuery(
    Guid CaseId,
    string? Person = null,
    string? Action = null,
    DateTimeOffset? From = null,
    DateTimeOffset? Before = null,
    string? Cursor = null,
    int? PageSize = null) : IRequest<CursorPage<AuditEntryView>>, ICitizenDataRequest
{
    internal const string List = "case-audit";

    /// <summary>The <see cref="Person"/> that finds what the system did (the scheduler, retention).</summary>
    public const string System = "system";
}

/// <summary>One audit entry as it concerns one of the case's entities; a list read that showed several is one row each.</summary>
public sealed record AuditEntryView(DateTimeOffset At, Guid? UserId, string Roles, string Action, string EntityType, Guid? EntityId, string Outcome, string? CorrelationId, Guid EntryId);

internal sealed class GetCaseAuditValidator : AbstractValidator<GetCaseAuditQuery>
{
    public GetCaseAuditValidator()
    {
        RuleFor(q => q.PageSize).InclusiveBetween(1, PageSizes.Maximum);
        RuleFor(q => q.Cursor).Must(c => PageCursor.IsValidOrAbsent(c, GetCaseAuditQuery.List, 3)).WithMessage(PageCursor.Refused);
        RuleFor(q => q.Person).Must(p => string.IsNullOrEmpty(p) || p == GetCaseAuditQuery.System || Guid.TryParse(p, out _))
            .WithMessage("'person' must be a user id or 'system'.");
        // Actions are request names: letters and digits only, so nothing else travels in the address.
        RuleFor(q => q.Action).MaximumLength(100).Matches("^[A-Za-z][A-Za-z0-9]*$").When(q => !string.IsNullOrEmpty(q.Action))
            .WithMessage("'action' must be the name of a request, such as GetCase.");
        RuleFor(q => q.Before).GreaterThan(q => q.From).When(q => q.From is not null && q.Before is not null)
            .WithMessage("'before' must be after 'from'.");
    }
}

internal sealed class GetCaseAuditHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit)
    : IRequestHandler<GetCaseAuditQuery, CursorPage<AuditEntryView>>
{
    // Up to this many of the case's entities are read as one index range each, merged by the database; the rest (a
    // case with hundreds of conversations) share one range read per source, sorted by the database.
    internal const int OwnRanges = 64;

    public async ValueTask<CursorPage<AuditEntryView>> Handle(GetCaseAuditQuery query, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, query.CaseId, cancellationToken);
        var kinds = new Dictionary<Guid, string> { [@case.Id] = nameof(Case), [@case.CitizenId] = nameof(Citizen) };
        void Add(string kind, IEnumerable<Guid> found)
        {
            foreach (var id in found)
            {
                kinds.TryAdd(id, kind);
            }
        }

        Add(nameof(Referral), await db.Referrals.Where(r => r.CaseId == @case.Id).Select(r => r.Id).ToListAsync(cancellationToken));
        Add(nameof(Consent), await db.Consents.Where(c => c.CaseId == @case.Id).Select(c => c.Id).ToListAsync(cancellationToken));
        Add(nameof(Conversation), await db.Conversations.Where(c => c.CaseId == @case.Id).Select(c => c.Id).ToListAsync(cancellationToken));
        Add(nameof(FollowUp), await db.FollowUps.Where(f => f.CaseId == @case.Id).Select(f => f.Id).ToListAsync(cancellationToken));
        Add(nameof(CommunityParticipation), await db.CommunityParticipations.Where(m => m.CaseId == @case.Id).Select(m => m.Id).ToListAsync(cancellationToken));

        var pageSize = PageSizes.Of(query.PageSize);
        var rows = await Page(db, @case.MunicipalityCode, kinds.Keys.ToList(), Filter.Of(query), pageSize)
            .ToListAsync(cancellationToken);
        // A subject of an entry about one entity (the case page's read, ADR 32) shows as what it is (the citizen, a
        // conversation), as the separate reads before it did; a list read's subjects show as the kind it listed.
        return PageSizes.Cut(
            rows, pageSize,
            r => new AuditEntryView(
                r.At, r.UserId, r.Roles, r.Action, r.ShownWith ? kinds.GetValueOrDefault(r.EntityId, r.EntityType) : r.EntityType, r.EntityId, r.Outcome,
                r.CorrelationId, r.EntryId),
            r => PageCursor.Encode(GetCaseAuditQuery.List, r.At, r.EntryId, r.EntityId));
    }

    /// <summary>
    /// One page plus one row, as one statement: per entity, its own entries and the list reads that showed it, each
    /// an index range newest first (IX_AuditEntries_EntityId_At_Id, IX_AuditEntrySubjects_EntityId_At_AuditEntryId)
    /// cut at the page size, then merged in the same order (ADR 31).
    /// </summary>
    internal static IQueryable<AuditRow> Page(IAppDbContext db, string municipality, IReadOnlyList<Guid> ids, Filter filter, int pageSize)
    {
        IQueryable<AuditRow>? all = null;
        foreach (var id in ids.Take(OwnRanges))
        {
            // Within one entity's range the entity id is fixed: whether it sorts before the cursor's is known here.
            // Both databases order ids as their text (PostgreSQL's uuid bytes; SQLite's upper-case text).
            var entityBefore = filter.After is { } after && string.CompareOrdinal(id.ToString("D"), after.EntityId.ToString("D")) < 0;
            var ranges = Direct(db, municipality, filter, entityBefore).Where(a => a.EntityId == id)
                .Select(Own).OrderByDescending(r => r.At).ThenByDescending(r => r.EntryId).Take(pageSize + 1)
                .Concat(Listed(db, municipality, filter, entityBefore, s => s.EntityId == id)
                    .OrderByDescending(r => r.At).ThenByDescending(r => r.EntryId).Take(pageSize + 1));
            all = all is null ? ranges : all.Concat(ranges);
        }

        if (ids.Count > OwnRanges)
        {
            var rest = ids.Skip(OwnRanges).ToList();
            var restRows = Direct(db, municipality, filter with { After = null }, false).Where(a => a.EntityId != null && rest.Contains(a.EntityId.Value)).Select(Own)
                .Concat(Listed(db, municipality, filter with { After = null }, false, s => rest.Contains(s.EntityId)));
            if (filter.After is { } after)
            {
                restRows = restRows.Where(r => r.At < after.At
                    || (r.At == after.At && (r.EntryId.CompareTo(after.EntryId) < 0 || (r.EntryId == after.EntryId && r.EntityId.CompareTo(after.EntityId) < 0))));
            }

            all = all!.Concat(restRows.OrderByDescending(r => r.At).ThenByDescending(r => r.EntryId).ThenByDescending(r => r.EntityId).Take(pageSize + 1));
        }

        return all!.OrderByDescending(r => r.At).ThenByDescending(r => r.EntryId).ThenByDescending(r => r.EntityId).Take(pageSize + 1);
    }

    private static readonly System.Linq.Expressions.Expression<Func<Domain.Auditing.AuditEntry, AuditRow>> Own = a => new AuditRow
    {
        At = a.At,
        EntryId = a.Id,
        EntityId = a.EntityId!.Value,
        UserId = a.UserId,
        Roles = a.Roles,
        Action = a.Action,
        EntityType = a.EntityType,
        Outcome = a.Outcome,
        CorrelationId = a.CorrelationId,
        ShownWith = false,
    };

    private static IQueryable<Domain.Auditing.AuditEntry> Direct(IAppDbContext db, string municipality, Filter filter, bool entityBefore)
    {
        var rows = db.AuditEntries.AsNoTracking().Where(a => a.MunicipalityCode == municipality);
        rows = filter.PersonIsSystem ? rows.Where(a => a.UserId == null) : filter.Person is { } person ? rows.Where(a => a.UserId == person) : rows;
        rows = filter.Action is { } action ? rows.Where(a => a.Action == action) : rows;
        rows = filter.From is { } from ? rows.Where(a => a.At >= from) : rows;
        rows = filter.Before is { } before ? rows.Where(a => a.At < before) : rows;
        if (filter.After is { } after)
        {
            rows = rows.Where(a => a.At < after.At || (a.At == after.At && (a.Id.CompareTo(after.EntryId) < 0 || (a.Id == after.EntryId && entityBefore))));
        }

        return rows;
    }

    // List reads (the queue, triage, referrals) are one entry naming every id shown (ADR 7): found by the id, in the
    // order of the subject's copy of the entry's time.
    private static IQueryable<AuditRow> Listed(
        IAppDbContext db, string municipality, Filter filter, bool entityBefore, System.Linq.Expressions.Expression<Func<Domain.Auditing.AuditEntrySubject, bool>> which)
    {
        var subjects = db.AuditEntrySubjects.AsNoTracking().Where(which);
        subjects = filter.From is { } from ? subjects.Where(s => s.At >= from) : subjects;
        subjects = filter.Before is { } before ? subjects.Where(s => s.At < before) : subjects;
        if (filter.After is { } after)
        {
            subjects = subjects.Where(s => s.At < after.At
                || (s.At == after.At && (s.AuditEntryId.CompareTo(after.EntryId) < 0 || (s.AuditEntryId == after.EntryId && entityBefore))));
        }

        var entries = db.AuditEntries.AsNoTracking().Where(a => a.MunicipalityCode == municipality);
        entries = filter.PersonIsSystem ? entries.Where(a => a.UserId == null) : filter.Person is { } person ? entries.Where(a => a.UserId == person) : entries;
        entries = filter.Action is { } action ? entries.Where(a => a.Action == action) : entries;
        return from s in subjects
               join a in entries on s.AuditEntryId equals a.Id
               select new AuditRow
               {
                   At = s.At,
                   EntryId = s.AuditEntryId,
                   EntityId = s.EntityId,
                   UserId = a.UserId,
                   Roles = a.Roles,
                   Action = a.Action,
                   EntityType = a.EntityType,
                   Outcome = a.Outcome,
                   CorrelationId = a.CorrelationId,
                   ShownWith = a.EntityId != null,
               };
    }

    /// <summary>The request's filters, read; <see cref="After"/> is the cursor's row.</summary>
    internal sealed record Filter(Guid? Person, bool PersonIsSystem, string? Action, DateTimeOffset? From, DateTimeOffset? Before, AuditKey? After)
    {
        public static Filter Of(GetCaseAuditQuery query) => new(
            Guid.TryParse(query.Person, out var person) ? person : null,
            query.Person == GetCaseAuditQuery.System,
            string.IsNullOrEmpty(query.Action) ? null : query.Action,
            query.From,
            query.Before,
            PageCursor.TryDecode(query.Cursor, GetCaseAuditQuery.List, 3, out var keys) ? new AuditKey(keys.Time(0), keys.Id(1), keys.Id(2)) : null);
    }

    internal sealed record AuditKey(DateTimeOffset At, Guid EntryId, Guid EntityId);
}

/// <summary>One row of a case's audit trail as the database merges it: an entry, and which of the case's entities it concerned.</summary>
internal sealed class AuditRow
{
    public DateTimeOffset At { get; init; }

    public Guid EntryId { get; init; }

    public Guid EntityId { get; init; }

    public Guid? UserId { get; init; }

    public string Roles { get; init; } = "";

    public string Action { get; init; } = "";

    public string EntityType { get; init; } = "";

    public string Outcome { get; init; } = "";

    public string? CorrelationId { get; init; }

    /// <summary>A subject of an entry about another entity (shown with it, ADR 32), not of a list read.</summary>
    public bool ShownWith { get; init; }
}
