using FluentValidation;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Paging;
using LinkWorker.Application.Common.ReferenceData;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Common;
using LinkWorker.Domain.Queues;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Queues.GetQueue;

/// <summary>
/// The guide's own new and active cases, most urgent first, overdue first contacts flagged; one keyset page at a
/// time (<see cref="PageSizes"/>), continued with the previous page's <c>NextCursor</c>. Reading the first page is a
/// visit to the queue: cases that reached the guide since the visit before are marked new, and counted.
/// </summary>
[Authorize(Roles.Guide)]
public sealed record GetQueueQuery(string? Cursor = null, int? PageSize = null) : IRequest<QueuePage>, ICitizenDataRequest
{
    internal const string List = "queue";
}

/// <summary>
/// A page of the guide's queue, with how many of their open cases reached them (opened, assigned or reassigned to
/// them) since their previous visit — on every page, not only this one — and when that visit was (null: never).
/// </summary>
public sealed record QueuePage(IReadOnlyList<QueueItem> Items, string? NextCursor, int NewSinceLastVisit, DateTimeOffset? PreviousVisitAt);

internal sealed class GetQueueHandler(
    IAppDbContext db, ICurrentUser user, IAuditTrail audit, ReferenceDataCache reference, IQueueVisits visits, TimeProvider clock)
    : IRequestHandler<GetQueueQuery, QueuePage>
{
    public async ValueTask<QueuePage> Handle(GetQueueQuery query, CancellationToken cancellationToken)
    {
        var me = user.RequiredUserId;
        var now = clock.GetUtcNow();
        var mine = db.Cases.Where(c => c.AssignedGuideId == me && c.Status != CaseStatus.Closed);
        var page = await QueueItems.Page(
            db, reference, user.RequiredMunicipalityCode, mine, GetQueueQuery.List, query.Cursor, PageSizes.Of(query.PageSize), now, cancellationToken);

        // The first page is the visit. It is compared with the visit before it, not with itself, so what is new stays
        // marked on the page now shown (and on its further pages) and is no longer new on the next visit.
        DateTimeOffset? since;
        if (query.Cursor is not null)
        {
            since = await db.QueueVisits.Where(v => v.UserId == me).Select(v => v.PreviousVisitAt).SingleOrDefaultAsync(cancellationToken);
        }
        else
        {
            // One statement, not read-change-save: two tabs opening the queue at once both succeed (the later visit wins).
            var (found, lastVisit) = await visits.Visit(me, user.RequiredMunicipalityCode, Instant.Normalize(now), cancellationToken);
            since = lastVisit;
            if (!found)
            {
                await FirstVisit(me, now, cancellationToken);
            }
        }

        // What is new: before any visit, every case; else what reached the guide since (the decisions since the visit:
        // few), read once for both the page's marks and the count.
        var ids = page.Items.Select(i => i.CaseId).ToList();
        HashSet<Guid> newOnPage;
        int newCount;
        if (since is null)
        {
            newOnPage = ids.ToHashSet();
            newCount = await mine.CountAsync(cancellationToken);
        }
        else
        {
            var reached = await ReachedMeSince(db, mine, me, since).ToListAsync(cancellationToken);
            newOnPage = reached.Intersect(ids).ToHashSet();
            newCount = reached.Count;
        }

        // One audit record for the page, naming every case shown (ADR 7).
        audit.RecordList(nameof(Case), ids);
        return new QueuePage(
            page.Items.Select(i => i with { IsNew = newOnPage.Contains(i.CaseId) }).ToList(), page.NextCursor, newCount, since);
    }

    /// <summary>
    /// The guide's first visit. Two tabs may both see no row: the later insert gives way to the earlier (a savepoint
    /// keeps PostgreSQL's transaction usable after the refused insert), and both pages are shown.
    /// </summary>
    private async Task FirstVisit(Guid me, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var first = new QueueVisit(me, user.RequiredMunicipalityCode);
        first.Visit(now);
        db.QueueVisits.Add(first);
        var transaction = db.Database.CurrentTransaction;
        if (transaction is not null)
        {
            await transaction.CreateSavepointAsync("first_visit", cancellationToken);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e) && transaction is not null)
        {
            await transaction.RollbackToSavepointAsync("first_visit", cancellationToken);
            db.QueueVisits.Entry(first).State = EntityState.Detached;
        }
    }

    // A case reaches a guide when a routing decision gives it to them: the first routing, an assignment, a cover.
    // Before any visit every case is new. Found from the guide's decisions since the visit (an index range), not by
    // probing every open case of the guide (ADR 29).
    internal static IQueryable<Guid> ReachedMeSince(IAppDbContext db, IQueryable<Case> mine, Guid me, DateTimeOffset? since) =>
        since is { } after
            ? db.RoutingDecisions.Where(d => d.GuideId == me && d.DecidedAt > after).Select(d => d.CaseId).Distinct()
                .Where(id => mine.Any(c => c.Id == id))
            : mine.Select(c => c.Id);
}

internal sealed class GetQueueValidator : AbstractValidator<GetQueueQuery>
{
    public GetQueueValidator()
    {
        RuleFor(q => q.PageSize).InclusiveBetween(1, PageSizes.Maximum);
        RuleFor(q => q.Cursor).Must(c => QueueItems.IsValidCursor(c, GetQueueQuery.List)).WithMessage(PageCursor.Refused);
    }
}
