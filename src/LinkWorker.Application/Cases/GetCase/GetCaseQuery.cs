using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Consents;
using LinkWorker.Application.Conversations.ListConversations;
using LinkWorker.Application.Referrals;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Routing;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Cases.GetCase;

/// <summary>The whole case: citizen, referrals, why it went where it went, contact attempts.</summary>
[Authorize(Roles.Guide, Roles.Coordinator)]
public sealed record GetCaseQuery(Guid CaseId) : IRequest<CaseView>, ICitizenDataRequest;

internal sealed class GetCaseHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, ConsentGate consents, TimeProvider clock)
    : IRequestHandler<GetCaseQuery, CaseView>
{
    public async ValueTask<CaseView> Handle(GetCaseQuery query, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, query.CaseId, cancellationToken);
        var now = clock.GetUtcNow();
        var citizen = await db.Citizens.AsNoTracking().SingleAsync(c => c.Id == @case.CitizenId, cancellationToken);
        audit.Record(nameof(Citizen), citizen.Id);
        var municipality = await db.Municipalities.AsNoTracking().SingleOrDefaultAsync(m => m.Code == @case.MunicipalityCode, cancellationToken);

        var referrals = await ReferralViews.Visible(db, new StaticUser(user.UserId, user.MunicipalityCode, null, [Roles.Coordinator]))
            .Where(r => r.Referral.CaseId == @case.Id)
            .OrderBy(r => r.Referral.ReceivedAt)
            .Select(ReferralViews.Projection)
            .ToListAsync(cancellationToken);
        var decisions = await db.RoutingDecisions.AsNoTracking().Where(d => d.CaseId == @case.Id).OrderBy(d => d.DecidedAt).ToListAsync(cancellationToken);
        var attempts = await db.ContactAttempts.AsNoTracking().Where(a => a.CaseId == @case.Id).OrderBy(a => a.At)
            .Select(a => new ContactAttemptView(a.At, a.Channel, a.Succeeded)).ToListAsync(cancellationToken);
        var guideIds = decisions.Select(d => d.GuideId).Append(@case.AssignedGuideId).OfType<Guid>().Distinct().ToList();
        var guides = await db.Guides.AsNoTracking().Where(g => guideIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, g => g.DisplayName, cancellationToken);
        var consentHistory = await consents.HistoryOf(@case.Id, cancellationToken);
        var conversations = await ListConversationsHandler.Load(db, audit, @case.Id, cancellationToken);
        GuideRef? Guide(Guid? id) => id is { } g ? new GuideRef(g, guides.GetValueOrDefault(g, "(former guide)")) : null;

        return new CaseView(
            @case.Id, @case.Status,
            new CitizenView(
                citizen.Id, citizen.Name, citizen.CprNumber, citizen.DateOfBirth,
                citizen.DateOfBirth is { } birth ? AgeBand.Of(birth, DanishTime.DateOf(now)) : null,
                citizen.Phone, citizen.Email, citizen.Address.Street, citizen.Address.Postcode, citizen.Address.City,
                citizen.PreferredLanguage, citizen.InterpreterNeeded),
            Guide(@case.AssignedGuideId), @case.OpenedAt, @case.FirstContactAt, FirstContactDeadline.Of(@case, now),
            @case.FailedContactAttempts, @case.IsOpen && @case.FailedContactAttempts >= (municipality?.UnreachableAfterAttempts ?? 3),
            @case.ClosedAt, @case.ClosureReason, @case.ClosureNote,
            new ConsentsView(ConsentRules.ActiveScopes(consentHistory, now), consentHistory.Select(c => ConsentView.Of(c, now)).ToList()),
            conversations, referrals,
            decisions.Select(d => new RoutingDecisionView(d.DecidedAt, d.Kind, Guide(d.GuideId), d.Reasons, d.DecidedByUserId, d.DecidedByName)).ToList(),
            attempts, @case.Interests, @case.Version);
    }
}
