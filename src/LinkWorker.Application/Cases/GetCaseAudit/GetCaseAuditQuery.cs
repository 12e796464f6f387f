using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
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
        var ids = new List<Guid> { @case.Id, @case.CitizenId };
        ids.AddRange(await db.Referrals.Where(r => r.CaseId == @case.Id).Select(r => r.Id).ToListAsync(cancellationToken));
        ids.AddRange(await db.Consents.Where(c => c.CaseId == @case.Id).Select(c => c.Id).ToListAsync(cancellationToken));
        ids.AddRange(await db.Conversations.Where(c => c.CaseId == @case.Id).Select(c => c.Id).ToListAsync(cancellationToken));
        ids.AddRange(await db.FollowUps.Where(f => f.CaseId == @case.Id).Select(f => f.Id).ToListAsync(cancellationToken));
        ids.AddRange(await db.CommunityParticipations.Where(m => m.CaseId == @case.Id).Select(m => m.Id).ToListAsync(cancellationToken));

        var single = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityId != null && ids.Contains(a.EntityId.Value) && a.MunicipalityCode == @case.MunicipalityCode)
            .Select(a => new AuditEntryView(a.At, a.UserId, a.Roles, a.Action, a.EntityType, a.EntityId, a.Outcome, a.CorrelationId))
            .ToListAsync(cancellationToken);

        // List reads (the queue, triage, referrals) are one entry naming every id shown (ADR 7): found by the id.
        var listed = await (
                from subject in db.AuditEntrySubjects
                join a in db.AuditEntries on subject.AuditEntryId equals a.Id
                where ids.Contains(subject.EntityId) && a.MunicipalityCode == @case.MunicipalityCode
                select new AuditEntryView(a.At, a.UserId, a.Roles, a.Action, a.EntityType, subject.EntityId, a.Outcome, a.CorrelationId))
            .AsNoTracking().ToListAsync(cancellationToken);

        return single.Concat(listed).OrderBy(a => a.At).ToList();
    }
}
