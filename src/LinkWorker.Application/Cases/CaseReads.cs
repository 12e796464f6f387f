using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Consents;
using LinkWorker.Application.Conversations.ListConversations;
using LinkWorker.Application.Referrals;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Offers;
using LinkWorker.Domain.Routing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Cases;

/// <summary>
/// A case as its page shows it, read in few round trips (issue 14 "Speed", ADR 32). <c>GetCase</c> and the case
/// page's one request (<c>Workspaces/GetCaseWorkspace</c>) both read through here, so both show the same.
/// </summary>
internal static class CaseReads
{
    /// <summary>
    /// The case, if the caller may open it (<see cref="CaseAccess"/>), with its citizen, the assigned guide's name,
    /// the municipality's settings the page needs, the centre of the citizen's postcode and the contact attempts:
    /// one read. Null when there is no such case for the caller.
    /// </summary>
    public static Task<CaseHead?> Head(IAppDbContext db, ICurrentUser user, Guid caseId, CancellationToken cancellationToken) =>
        (from c in CaseAccess.Visible(db, user).AsNoTracking()
         where c.Id == caseId
         join citizen in db.Citizens on c.CitizenId equals citizen.Id
         select new CaseHead
         {
             Case = c,
             Citizen = citizen,
             AssignedGuideName = db.Guides.Where(g => g.Id == c.AssignedGuideId).Select(g => g.DisplayName).FirstOrDefault(),
             UnreachableAfterAttempts = db.Municipalities.Where(m => m.Code == c.MunicipalityCode).Select(m => (int?)m.UnreachableAfterAttempts).FirstOrDefault(),
             OfferStaleAfterMonths = db.Municipalities.Where(m => m.Code == c.MunicipalityCode).Select(m => (int?)m.OfferStaleAfterMonths).FirstOrDefault(),
             PostcodeLatitude = db.PostcodeAreas.Where(p => p.Code == citizen.Address.Postcode).Select(p => (double?)p.Latitude).FirstOrDefault(),
             PostcodeLongitude = db.PostcodeAreas.Where(p => p.Code == citizen.Address.Postcode).Select(p => (double?)p.Longitude).FirstOrDefault(),
             // The one collection of this read (a second would multiply the rows): a case has a few attempts.
             ContactAttempts = db.ContactAttempts.Where(a => a.CaseId == c.Id).OrderBy(a => a.At)
                 .Select(a => new ContactAttemptView(a.At, a.Channel, a.Succeeded)).ToList(),
         }).SingleOrDefaultAsync(cancellationToken);

    /// <summary>The case's referrals, oldest first, with their organisations: one read.</summary>
    /// <remarks>
    /// Sorted here, not in the SQL: with ORDER BY, SQLite's planner (without statistics) walks the municipality's
    /// (MunicipalityCode, ReceivedAt) index past every referral instead of using IX_Referrals_CaseId (about a second
    /// at 100,000 cases; docs/performance.md).
    /// </remarks>
    public static async Task<IReadOnlyList<ReferralRow>> Referrals(IAppDbContext db, ICurrentUser user, Guid caseId, CancellationToken cancellationToken) =>
        (await ReferralsOf(db, user, caseId).AsNoTracking().ToListAsync(cancellationToken)).OrderBy(r => r.Referral.ReceivedAt).ToList();

    /// <summary>
    /// The case's referrals as its guide or a coordinator sees them (every one of the case), unordered. Read through
    /// the case and the citizen, as the referral lists are: so SQLite's planner takes IX_Referrals_CaseId even without
    /// statistics, where from the referrals alone it took "MunicipalityCode = ?" for as good.
    /// </summary>
    internal static IQueryable<ReferralRow> ReferralsOf(IAppDbContext db, ICurrentUser user, Guid caseId) =>
        ReferralViews.Visible(db, new StaticUser(user.UserId, user.MunicipalityCode, null, [Roles.Coordinator]))
            .Where(r => r.Referral.CaseId == caseId);

    /// <summary>The case as its guide or a coordinator sees it: the head, the referrals, and three more reads.</summary>
    public static async Task<CaseView> View(
        IAppDbContext db, ConsentGate consents, CaseHead head, IReadOnlyList<ReferralRow> referrals, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var @case = head.Case;
        var citizen = head.Citizen;
        var decisions = await db.RoutingDecisions.AsNoTracking().Where(d => d.CaseId == @case.Id).OrderBy(d => d.DecidedAt)
            .Select(d => new { Decision = d, GuideName = db.Guides.Where(g => g.Id == d.GuideId).Select(g => g.DisplayName).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        var consentHistory = await consents.HistoryOf(@case.Id, cancellationToken);
        var conversations = await ListConversationsHandler.Views(db, @case.Id, cancellationToken);
        static GuideRef? Guide(Guid? id, string? name) => id is { } g ? new GuideRef(g, name ?? "(former guide)") : null;

        return new CaseView(
            @case.Id, @case.Status,
            new CitizenView(
                citizen.Id, citizen.Name, citizen.CprNumber, citizen.DateOfBirth,
                citizen.DateOfBirth is { } birth ? AgeBand.Of(birth, DanishTime.DateOf(now)) : null,
                citizen.Phone, citizen.Email, citizen.Address.Street, citizen.Address.Postcode, citizen.Address.City,
                citizen.PreferredLanguage, citizen.InterpreterNeeded),
            Guide(@case.AssignedGuideId, head.AssignedGuideName), @case.OpenedAt, @case.FirstContactAt, FirstContactDeadline.Of(@case, now),
            @case.FailedContactAttempts, @case.IsOpen && @case.FailedContactAttempts >= (head.UnreachableAfterAttempts ?? 3),
            @case.ClosedAt, @case.ClosureReason, @case.ClosureNote,
            new ConsentsView(ConsentRules.ActiveScopes(consentHistory, now), consentHistory.Select(c => ConsentView.Of(c, now)).ToList()),
            conversations, referrals.Select(ReferralViews.Of).ToList(),
            decisions.Select(d => new RoutingDecisionView(
                d.Decision.DecidedAt, d.Decision.Kind, Guide(d.Decision.GuideId, d.GuideName), d.Decision.Reasons, d.Decision.DecidedByUserId, d.Decision.DecidedByName)).ToList(),
            head.ContactAttempts, @case.Interests, @case.Version);
    }
}

/// <summary>What <see cref="CaseReads.Head"/> reads with the case.</summary>
// A class with init members, not a positional record: EF Core materialises member-init projections.
internal sealed class CaseHead
{
    public required Case Case { get; init; }

    public required Citizen Citizen { get; init; }

    public string? AssignedGuideName { get; init; }

    public int? UnreachableAfterAttempts { get; init; }

    public int? OfferStaleAfterMonths { get; init; }

    public double? PostcodeLatitude { get; init; }

    public double? PostcodeLongitude { get; init; }

    public required IReadOnlyList<ContactAttemptView> ContactAttempts { get; init; }

    /// <summary>The centre of the citizen's postcode, or null for a postcode the reference table does not know.</summary>
    public GeoPoint? PostcodeCentre => PostcodeLatitude is { } lat && PostcodeLongitude is { } lon ? new GeoPoint(lat, lon) : null;
}
