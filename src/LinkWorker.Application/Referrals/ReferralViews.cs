using System.Linq.Expressions;
using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Referrals;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Referrals;

// A class with init members, not a positional record: EF Core can filter and order through member-init projections.
internal sealed class ReferralRow
{
    public required Referral Referral { get; init; }

    public required Case Case { get; init; }

    public required Citizen Citizen { get; init; }

    public Organisation? Organisation { get; init; }
}

/// <summary>Which referrals a caller may see, and how they look to them. The municipality is already scoped.</summary>
internal static class ReferralViews
{
    public static IQueryable<ReferralRow> Visible(IAppDbContext db, ICurrentUser user)
    {
        var rows =
            from referral in db.Referrals
            join @case in db.Cases on referral.CaseId equals @case.Id
            join citizen in db.Citizens on referral.CitizenId equals citizen.Id
            join organisation in db.Organisations on referral.OrganisationId equals organisation.Id into organisations
            from organisation in organisations.DefaultIfEmpty()
            select new ReferralRow { Referral = referral, Case = @case, Citizen = citizen, Organisation = organisation };

        if (user.IsInRole(Roles.Coordinator))
        {
            return rows;
        }

        var me = user.RequiredUserId;
        return user.IsInRole(Roles.Guide)
            ? rows.Where(r => r.Referral.ReferrerUserId == me || r.Case.AssignedGuideId == me)
            : rows.Where(r => r.Referral.ReferrerUserId == me);
    }

    /// <summary>
    /// What the referrer may see: received and assigned always; contacted, in progress and the closure's category
    /// only while the citizen shares status with the referrer. Never the precise closure reason. Coordinators and
    /// guides see the case as it is.
    /// </summary>
    public static async Task<IReadOnlyList<ReferralView>> AsSeenBy(
        IAppDbContext db, ICurrentUser user, ConsentGate consents, IReadOnlyList<ReferralView> views, CancellationToken cancellationToken)
    {
        if (user.IsInRole(Roles.Coordinator) || user.IsInRole(Roles.Guide))
        {
            return views.Select(v => v with { ClosureCategory = v.ClosureReason is { } r ? ClosureCategories.Of(r) : null }).ToList();
        }

        var caseIds = views.Select(v => v.CaseId).Distinct().ToList();
        var sharing = await consents.CasesWithActive(caseIds, ConsentScope.ShareStatusWithReferrer, cancellationToken);
        var guided = (await db.Cases.Where(c => caseIds.Contains(c.Id) && c.AssignedGuideId != null).Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet();

        return views.Select(v =>
        {
            var view = v with { ClosureReason = null, ClosureCategory = v.ClosureReason is { } r ? ClosureCategories.Of(r) : null };
            if (sharing.Contains(v.CaseId) || v.Status is ReferralStatus.Received or ReferralStatus.Assigned)
            {
                return view;
            }

            return view with { Status = guided.Contains(v.CaseId) ? ReferralStatus.Assigned : ReferralStatus.Received, ClosureCategory = null };
        }).ToList();
    }

    public static readonly Expression<Func<ReferralRow, ReferralView>> Projection = r => new ReferralView(
        r.Referral.Id,
        r.Case.Id,
        r.Case.Status == CaseStatus.Referred ? ReferralStatus.Received
            : r.Case.Status == CaseStatus.Assigned ? ReferralStatus.Assigned
            : r.Case.Status == CaseStatus.Contacted ? ReferralStatus.Contacted
            : r.Case.Status == CaseStatus.Active ? ReferralStatus.InProgress
            : ReferralStatus.Closed,
        null,
        r.Case.ClosureReason,
        r.Referral.ReceivedAt,
        r.Citizen.Name,
        r.Referral.Sector,
        r.Referral.OrganisationId,
        r.Organisation == null ? null : r.Organisation.Name,
        r.Referral.Urgency,
        r.Referral.LifeArenas,
        r.Referral.ReferringProfessional);

    private static readonly Func<ReferralRow, ReferralView> ProjectionInMemory = Projection.Compile();

    /// <summary>The same view of rows already loaded (the case page reads its case's referrals with the case).</summary>
    public static ReferralView Of(ReferralRow row) => ProjectionInMemory(row);
}
