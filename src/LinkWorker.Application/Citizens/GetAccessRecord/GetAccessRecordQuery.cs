using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Consents;
using LinkWorker.Application.Conversations;
using LinkWorker.Application.FollowUps;
using LinkWorker.Application.Outcomes;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Conversations;
using LinkWorker.Domain.FollowUps;
using LinkWorker.Domain.Notifications;
using LinkWorker.Domain.Offers;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Outcomes;
using LinkWorker.Domain.Referrals;
using LinkWorker.Domain.Routing;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Citizens.GetAccessRecord;

/// <summary>
/// The citizen's right of access (GDPR art. 15): everything the municipality holds about them — the citizen with
/// the history of corrections, every case with its referrals, consents (with withdrawals), conversations (with
/// amendments), measurements, matches, follow-ups, notifications and routing, the erasure and restriction requests,
/// and who read or changed their data and when (from the audit trail). Producing it is itself audited.
/// </summary>
[Authorize(Roles.Coordinator)]
public sealed record GetAccessRecordQuery(Guid CitizenId) : IRequest<AccessRecord>, ICitizenDataRequest;

public sealed record AccessRecord(
    DateTimeOffset ProducedAt,
    string MunicipalityCode,
    string MunicipalityName,
    CitizenRecord Citizen,
    IReadOnlyList<RectificationView> Rectifications,
    IReadOnlyList<CaseRecord> Cases,
    IReadOnlyList<RightsRequestView> RightsRequests,
    IReadOnlyList<AccessLogEntry> AccessLog);

public sealed record CitizenRecord(
    Guid Id, string Name, string? CprNumber, DateOnly? DateOfBirth, string? Phone, string? Email, string? Street, string Postcode, string? City,
    string PreferredLanguage, bool InterpreterNeeded, DateTimeOffset? ErasedAt, DateTimeOffset? RestrictedAt);

public sealed record CaseRecord(
    Guid Id, CaseStatus Status, DateTimeOffset OpenedAt, DateTimeOffset? FirstContactAt, DateTimeOffset? ClosedAt, ClosureReason? ClosureReason,
    string? ClosureNote, string? Guide, IReadOnlyList<Interest> Interests,
    IReadOnlyList<ReferralRecord> Referrals,
    IReadOnlyList<ConsentView> Consents,
    IReadOnlyList<ConversationView> Conversations,
    IReadOnlyList<MeasurementView> Measurements,
    IReadOnlyList<ParticipationView> Matches,
    IReadOnlyList<FollowUpView> FollowUps,
    IReadOnlyList<NotificationRecord> Notifications,
    IReadOnlyList<ContactRecord> ContactAttempts,
    IReadOnlyList<RoutingRecord> Routing);

public sealed record ReferralRecord(
    Guid Id, DateTimeOffset ReceivedAt, Sector Sector, string? Organisation, string? ReferringProfessional, string Reason,
    IReadOnlyList<LifeArena> LifeArenas, IReadOnlyList<LifeTransition> LifeTransitions, LonelinessType? LonelinessType,
    PracticalNeeds PracticalNeeds, Urgency Urgency, string? AgeBand, string ConsentObtainedBy, ConsentMethod ConsentMethod, DateTimeOffset ConsentObtainedAt);

/// <summary>A message about the case: to the citizen (their phone or e-mail) or to staff.</summary>
public sealed record NotificationRecord(
    Guid Id, NotificationChannel Channel, NotificationKind Kind, bool ToCitizen, string? Destination, string Title, string Body,
    NotificationStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

public sealed record ContactRecord(DateTimeOffset At, ContactChannel Channel, bool Succeeded);

public sealed record RoutingRecord(DateTimeOffset DecidedAt, RoutingKind Kind, string? Guide, IReadOnlyList<string> Reasons);

/// <summary>One read or change of the citizen's data: who (name when the account still exists), in which role, what, when.</summary>
public sealed record AccessLogEntry(
    DateTimeOffset At, Guid? UserId, string? Who, string Roles, string Action, string EntityType, Guid? EntityId, string Outcome);

internal sealed class GetAccessRecordHandler(IAppDbContext db, IAuditTrail audit, IUserDirectory users, TimeProvider clock)
    : IRequestHandler<GetAccessRecordQuery, AccessRecord>
{
    public async ValueTask<AccessRecord> Handle(GetAccessRecordQuery query, CancellationToken cancellationToken)
    {
        var citizen = await db.Citizens.AsNoTracking().SingleOrDefaultAsync(c => c.Id == query.CitizenId, cancellationToken)
            ?? throw new NotFoundException(nameof(Citizen));
        var now = clock.GetUtcNow();
        var municipality = await db.Municipalities.AsNoTracking().SingleAsync(m => m.Code == citizen.MunicipalityCode, cancellationToken);

        var cases = await db.Cases.AsNoTracking().Where(c => c.CitizenId == citizen.Id).ToListAsync(cancellationToken);
        var caseIds = cases.Select(c => c.Id).ToList();
        var referrals = await db.Referrals.AsNoTracking().Where(r => r.CitizenId == citizen.Id).ToListAsync(cancellationToken);
        var organisationIds = referrals.Select(r => r.OrganisationId).OfType<Guid>().Distinct().ToList();
        var organisations = await db.Organisations.AsNoTracking().Where(o => organisationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var consents = await db.Consents.AsNoTracking().Where(c => caseIds.Contains(c.CaseId)).ToListAsync(cancellationToken);
        var conversations = await db.Conversations.AsNoTracking().Where(c => caseIds.Contains(c.CaseId)).ToListAsync(cancellationToken);
        var conversationIds = conversations.Select(c => c.Id).ToList();
        var amendments = await db.ConversationAmendments.AsNoTracking().Where(a => conversationIds.Contains(a.ConversationId)).ToListAsync(cancellationToken);
        var measurements = await db.TilsMeasurements.AsNoTracking().Where(m => caseIds.Contains(m.CaseId)).ToListAsync(cancellationToken);
        var matches = await db.CommunityParticipations.AsNoTracking().Where(p => caseIds.Contains(p.CaseId)).ToListAsync(cancellationToken);
        var followUps = await db.FollowUps.AsNoTracking().Where(f => caseIds.Contains(f.CaseId)).ToListAsync(cancellationToken);
        var notifications = await db.Notifications.AsNoTracking().Where(n => n.CaseId != null && caseIds.Contains(n.CaseId.Value)).ToListAsync(cancellationToken);
        var attempts = await db.ContactAttempts.AsNoTracking().Where(a => caseIds.Contains(a.CaseId)).ToListAsync(cancellationToken);
        var routing = await db.RoutingDecisions.AsNoTracking().Where(d => caseIds.Contains(d.CaseId)).ToListAsync(cancellationToken);
        var rectifications = await db.CitizenRectifications.AsNoTracking().Where(r => r.CitizenId == citizen.Id).ToListAsync(cancellationToken);
        var requests = await db.RightsRequests.AsNoTracking().Where(r => r.CitizenId == citizen.Id).ToListAsync(cancellationToken);
        var guideIds = cases.Select(c => c.AssignedGuideId).Concat(routing.Select(d => d.GuideId)).OfType<Guid>().Distinct().ToList();
        var guides = await db.Guides.AsNoTracking().Where(g => guideIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, g => g.DisplayName, cancellationToken);

        // Every id that is the citizen's data: the audit rows naming any of them are the reads and changes.
        var kinds = new Dictionary<Guid, string> { [citizen.Id] = nameof(Citizen) };
        void Add(string kind, IEnumerable<Guid> found)
        {
            foreach (var id in found)
            {
                kinds.TryAdd(id, kind);
            }
        }

        Add(nameof(Case), caseIds);
        Add(nameof(Referral), referrals.Select(r => r.Id));
        Add(nameof(Consent), consents.Select(c => c.Id));
        Add(nameof(Conversation), conversationIds);
        Add(nameof(TilsMeasurement), measurements.Select(m => m.Id));
        Add(nameof(CommunityParticipation), matches.Select(m => m.Id));
        Add(nameof(FollowUp), followUps.Select(f => f.Id));
        Add(nameof(RightsRequest), requests.Select(r => r.Id));
        var ids = kinds.Keys.ToHashSet();
        var log = await AccessLog(kinds, citizen.MunicipalityCode, cancellationToken);

        // The export is one read of all of it: one row for the citizen, one list entry naming every id shown (ADR 7).
        audit.Record(nameof(Citizen), citizen.Id);
        audit.RecordList(nameof(AccessRecord), ids.ToList());

        var record = new AccessRecord(
            now, municipality.Code, municipality.Name,
            new CitizenRecord(
                citizen.Id, citizen.Name, citizen.CprNumber, citizen.DateOfBirth, citizen.Phone, citizen.Email, citizen.Address.Street,
                citizen.Address.Postcode, citizen.Address.City, citizen.PreferredLanguage, citizen.InterpreterNeeded, citizen.ErasedAt, citizen.RestrictedAt),
            rectifications.OrderBy(r => r.RectifiedAt).Select(RectificationView.Of).ToList(),
            cases.OrderBy(c => c.OpenedAt).Select(c => new CaseRecord(
                c.Id, c.Status, c.OpenedAt, c.FirstContactAt, c.ClosedAt, c.ClosureReason, c.ClosureNote,
                c.AssignedGuideId is { } g ? guides.GetValueOrDefault(g) : null, c.Interests,
                referrals.Where(r => r.CaseId == c.Id).OrderBy(r => r.ReceivedAt).Select(r => new ReferralRecord(
                    r.Id, r.ReceivedAt, r.Sector, r.OrganisationId is { } o ? organisations.GetValueOrDefault(o) : null, r.ReferringProfessional, r.Reason,
                    r.LifeArenas, r.LifeTransitions, r.LonelinessType, r.PracticalNeeds, r.Urgency, r.AgeBand,
                    r.Consent.ObtainedBy, r.Consent.Method, r.Consent.ObtainedAt)).ToList(),
                consents.Where(x => x.CaseId == c.Id).OrderBy(x => x.RecordedAt).Select(x => ConsentView.Of(x, now)).ToList(),
                conversations.Where(x => x.CaseId == c.Id).OrderBy(x => x.OccurredAt).Select(x => ConversationViews.Of(x, amendments)).ToList(),
                measurements.Where(x => x.CaseId == c.Id).OrderBy(x => x.MeasuredAt).Select(MeasurementView.Of).ToList(),
                matches.Where(x => x.CaseId == c.Id).OrderBy(x => x.MatchedOn).Select(ParticipationView.Of).ToList(),
                followUps.Where(x => x.CaseId == c.Id).OrderBy(x => x.DueAt).Select(FollowUpView.Of).ToList(),
                notifications.Where(x => x.CaseId == c.Id).OrderBy(x => x.CreatedAt).Select(n => new NotificationRecord(
                    n.Id, n.Channel, n.Kind, n.RecipientUserId is null, n.Destination, n.Title, n.Body, n.Status, n.CreatedAt, n.SentAt)).ToList(),
                attempts.Where(x => x.CaseId == c.Id).OrderBy(x => x.At).Select(a => new ContactRecord(a.At, a.Channel, a.Succeeded)).ToList(),
                routing.Where(x => x.CaseId == c.Id).OrderBy(x => x.DecidedAt).Select(d => new RoutingRecord(
                    d.DecidedAt, d.Kind, d.GuideId is { } rg ? guides.GetValueOrDefault(rg) : null, d.Reasons)).ToList())).ToList(),
            requests.OrderBy(r => r.RequestedAt).Select(RightsRequestView.Of).ToList(),
            log);
        return record;
    }

    private async Task<IReadOnlyList<AccessLogEntry>> AccessLog(IReadOnlyDictionary<Guid, string> kinds, string municipalityCode, CancellationToken cancellationToken)
    {
        var ids = kinds.Keys.ToList();
        var single = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityId != null && ids.Contains(a.EntityId.Value) && a.MunicipalityCode == municipalityCode)
            .Select(a => new { a.At, a.UserId, a.Roles, a.Action, a.EntityType, a.EntityId, a.Outcome })
            .ToListAsync(cancellationToken);

        // List reads (queues, triage, referral lists) are one entry naming every id shown (ADR 7). An entry about one
        // entity that names what was shown with it (the case page, ADR 32) shows each such id as what it is.
        var listed = (await (
                from subject in db.AuditEntrySubjects
                join a in db.AuditEntries on subject.AuditEntryId equals a.Id
                where ids.Contains(subject.EntityId) && a.MunicipalityCode == municipalityCode
                select new { a.At, a.UserId, a.Roles, a.Action, a.EntityType, EntityId = (Guid?)subject.EntityId, a.Outcome, Read = a.EntityId })
            .AsNoTracking().ToListAsync(cancellationToken))
            .Select(r => new { r.At, r.UserId, r.Roles, r.Action, EntityType = r.Read is null ? r.EntityType : kinds[r.EntityId!.Value], r.EntityId, r.Outcome });

        var rows = single.Concat(listed).OrderBy(a => a.At).ToList();
        var names = new Dictionary<Guid, string?>();
        foreach (var userId in rows.Select(r => r.UserId).OfType<Guid>().Distinct())
        {
            names[userId] = await users.DisplayNameOf(userId, cancellationToken);
        }

        return rows.Select(r => new AccessLogEntry(
            r.At, r.UserId, r.UserId is { } u ? names.GetValueOrDefault(u) : null, r.Roles, r.Action, r.EntityType, r.EntityId, r.Outcome)).ToList();
    }
}
