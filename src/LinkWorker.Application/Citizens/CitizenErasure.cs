using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Routing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Citizens;

/// <summary>
/// Erases one citizen's personal data, on every row that holds some, and keeps the de-identified facts the outcome
/// report counts: sector, dates, age band, arenas, transitions, consent scopes, T-ILS scores, matches' status,
/// closure reasons (ADR 27). Rows are updated, not deleted, so that every count and every audit row's entity id
/// stays as it was; the audit trail itself is never touched — it holds ids, not personal data.
/// </summary>
internal static class CitizenErasure
{
    public static async Task Erase(IAppDbContext db, IAuditTrail audit, Citizen citizen, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cases = await db.Cases.Where(c => c.CitizenId == citizen.Id).ToListAsync(cancellationToken);
        var caseIds = cases.Select(c => c.Id).ToList();
        foreach (var @case in cases)
        {
            @case.ErasePersonalData();
        }

        // The age band is fixed on each referral before the date of birth goes (the report falls back to the citizen).
        foreach (var referral in await db.Referrals.Where(r => r.CitizenId == citizen.Id).ToListAsync(cancellationToken))
        {
            referral.ErasePersonalData(citizen.DateOfBirth is null ? null : AgeBand.OfReferral(citizen.DateOfBirth, referral.ReceivedAt));
        }

        var conversations = await db.Conversations.Where(c => caseIds.Contains(c.CaseId)).ToListAsync(cancellationToken);
        var conversationIds = conversations.Select(c => c.Id).ToList();
        conversations.ForEach(c => c.ErasePersonalData());
        (await db.ConversationAmendments.Where(a => conversationIds.Contains(a.ConversationId)).ToListAsync(cancellationToken)).ForEach(a => a.ErasePersonalData());
        (await db.FollowUps.Where(f => caseIds.Contains(f.CaseId)).ToListAsync(cancellationToken)).ForEach(f => f.ErasePersonalData());
        (await db.Notifications.Where(n => n.CaseId != null && caseIds.Contains(n.CaseId.Value)).ToListAsync(cancellationToken)).ForEach(n => n.ErasePersonalData());
        (await db.Consents.Where(c => caseIds.Contains(c.CaseId)).ToListAsync(cancellationToken)).ForEach(c => c.ErasePersonalData());
        (await db.CommunityParticipations.Where(p => caseIds.Contains(p.CaseId)).ToListAsync(cancellationToken)).ForEach(p => p.ErasePersonalData());
        (await db.RoutingDecisions.Where(d => caseIds.Contains(d.CaseId)).ToListAsync(cancellationToken)).ForEach(d => d.ErasePersonalData());

        // The rectification history holds earlier names and contact details: it goes with them.
        db.CitizenRectifications.RemoveRange(await db.CitizenRectifications.Where(r => r.CitizenId == citizen.Id).ToListAsync(cancellationToken));
        citizen.Erase(now);

        // The audit row names the citizen's id and the use case, nothing else.
        audit.Record(nameof(Citizen), citizen.Id);
    }

    /// <summary>"The law allows" erasure only once no case is open: an open case is work the guide is doing now.</summary>
    public static Task<bool> HasOpenCase(IAppDbContext db, Guid citizenId, CancellationToken cancellationToken) =>
        db.Cases.AnyAsync(c => c.CitizenId == citizenId && c.Status != CaseStatus.Closed, cancellationToken);
}
