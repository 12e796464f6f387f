using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
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
/// follow-ups (also those the scheduler fired or escalated) and matches with community offers.
/// </summary>
[Authorize(Roles.Coordinator)]
public sealed record GetCaseAuditQuery(Guid CaseId) : IRequest<IReadOnlyList<AuditEntryView>>, ICitizenDataRequest;

public sealed record AuditEntryView(DateTimeOffset At, Guid? UserId, string Roles, string Action, string EntityType, Guid? EntityId, string Outcome, string? CorrelationId);

internal sealed class GetCaseAuditHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit)
    : IRequestHandler<GetCaseAuditQuery, IReadOnlyList<AuditEntryView>>
{
    public async ValueTask<IReadOnlyList<AuditEntryView>> Handle(GetCaseAuditQuery query, CancellationToken cancellationToken)
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
        var ids = kinds.Keys.ToList();

        var single = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityId != null && ids.Contains(a.EntityId.Value) && a.MunicipalityCode == @case.MunicipalityCode)
            .Select(a => new AuditEntryView(a.At, a.UserId, a.Roles, a.Action, a.EntityType, a.EntityId, a.Outcome, a.CorrelationId))
            .ToListAsync(cancellationToken);

        // List reads (the queue, triage, referrals) are one entry naming every id shown (ADR 7): found by the id. An
        // entry about one entity that names what was shown with it (the case page, ADR 32) shows each such id as
        // what it is (the citizen, a conversation), as the separate reads before it did.
        var listed = (await (
                from subject in db.AuditEntrySubjects
                join a in db.AuditEntries on subject.AuditEntryId equals a.Id
                where ids.Contains(subject.EntityId) && a.MunicipalityCode == @case.MunicipalityCode
                select new { View = new AuditEntryView(a.At, a.UserId, a.Roles, a.Action, a.EntityType, subject.EntityId, a.Outcome, a.CorrelationId), Read = a.EntityId })
            .AsNoTracking().ToListAsync(cancellationToken))
            .Select(r => r.Read is null ? r.View : r.View with { EntityType = kinds[r.View.EntityId!.Value] });

        return single.Concat(listed).OrderBy(a => a.At).ToList();
    }
}
