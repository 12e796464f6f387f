using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Queries;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Consents;
using LinkWorker.Application.Conversations;
using LinkWorker.Application.Conversations.ListConversations;
using LinkWorker.Application.Referrals;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Districts;
using LinkWorker.Domain.Guides;
using LinkWorker.Domain.Municipalities;
using LinkWorker.Domain.Offers;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Referrals;
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
    public static Task<CaseHead?> Head(IAppDbContext db, ICurrentUser user, Guid caseId, CancellationToken cancellationToken)
    {
        var (head, context) = CompiledHead.For(db);
        return CaseAccess.SeesEveryCase(user)
            ? head(context, caseId, true, Guid.Empty, cancellationToken)
            : head(context, caseId, false, user.RequiredUserId, cancellationToken);
    }

    // Compiled once (issue 18, ADR 45): built per call, the case view's expression trees and EF Core's look-ups of
    // their plans took about a third of its time (4.4 ms on the server at the median, 2.8-3.0 ms compiled). The
    // access rule is CaseAccess.Visible's, with the caller's role as a parameter.
    private static readonly CompiledPerModel<Func<DbContext, Guid, bool, Guid, CancellationToken, Task<CaseHead?>>> CompiledHead = new(() =>
        EF.CompileAsyncQuery((DbContext db, Guid caseId, bool everyCase, Guid me, CancellationToken _) =>
            (from c in db.Set<Case>().AsNoTracking()
             where c.Id == caseId && (everyCase || c.AssignedGuideId == me)
             join citizen in db.Set<Citizen>() on c.CitizenId equals citizen.Id
             select new CaseHead
             {
                 Case = c,
                 Citizen = citizen,
                 AssignedGuideName = db.Set<Guide>().Where(g => g.Id == c.AssignedGuideId).Select(g => g.DisplayName).FirstOrDefault(),
                 UnreachableAfterAttempts = db.Set<Municipality>().Where(m => m.Code == c.MunicipalityCode).Select(m => (int?)m.UnreachableAfterAttempts).FirstOrDefault(),
                 OfferStaleAfterMonths = db.Set<Municipality>().Where(m => m.Code == c.MunicipalityCode).Select(m => (int?)m.OfferStaleAfterMonths).FirstOrDefault(),
                 PostcodeLatitude = db.Set<PostcodeArea>().Where(p => p.Code == citizen.Address.Postcode).Select(p => (double?)p.Latitude).FirstOrDefault(),
                 PostcodeLongitude = db.Set<PostcodeArea>().Where(p => p.Code == citizen.Address.Postcode).Select(p => (double?)p.Longitude).FirstOrDefault(),
                 // The one collection of this read (a second would multiply the rows): a case has a few attempts.
                 ContactAttempts = db.Set<ContactAttempt>().Where(a => a.CaseId == c.Id).OrderBy(a => a.At)
                     .Select(a => new ContactAttemptView(a.At, a.Channel, a.Succeeded)).ToList(),
             }).SingleOrDefault()));

    /// <summary>
    /// The case's referrals as its guide or a coordinator sees them (every one of the case): the rows of
    /// <see cref="ReferralViews.Visible"/> for a coordinator, unordered: sorted in memory, not in the SQL (with ORDER
    /// BY, SQLite's planner without statistics walked the municipality's (MunicipalityCode, ReceivedAt) index past every
    /// referral; docs/performance.md). Read through the case and the citizen, as the referral lists are: so SQLite's
    /// planner takes IX_Referrals_CaseId even without statistics, where from the referrals alone it took
    /// "MunicipalityCode = ?" for as good.
    /// </summary>
    internal static Task<List<ReferralRow>> ReferralsOf(IAppDbContext db, Guid caseId, CancellationToken cancellationToken) =>
        CompiledReferrals.ToListAsync(db, caseId, cancellationToken);

    // The sections' reads are compiled once each, as the head is.
    private static readonly CompiledPerModel<Func<DbContext, Guid, IAsyncEnumerable<ReferralRow>>> CompiledReferrals = new(() =>
        EF.CompileAsyncQuery((DbContext db, Guid caseId) =>
            (from referral in db.Set<Referral>().AsNoTracking()
             join @case in db.Set<Case>() on referral.CaseId equals @case.Id
             join citizen in db.Set<Citizen>() on referral.CitizenId equals citizen.Id
             join organisation in db.Set<Organisation>() on referral.OrganisationId equals organisation.Id into organisations
             from organisation in organisations.DefaultIfEmpty()
             select new ReferralRow { Referral = referral, Case = @case, Citizen = citizen, Organisation = organisation })
            .Where(r => r.Referral.CaseId == caseId)));

    private static readonly CompiledPerModel<Func<DbContext, Guid, IAsyncEnumerable<DecisionRow>>> CompiledDecisions = new(() =>
        EF.CompileAsyncQuery((DbContext db, Guid caseId) =>
            db.Set<RoutingDecision>().AsNoTracking().Where(d => d.CaseId == caseId).OrderBy(d => d.DecidedAt)
                .Select(d => new DecisionRow
                {
                    Decision = d,
                    GuideName = db.Set<Guide>().Where(g => g.Id == d.GuideId).Select(g => g.DisplayName).FirstOrDefault(),
                })));

    // As ConsentGate.HistoryOf reads it.
    private static readonly CompiledPerModel<Func<DbContext, Guid, IAsyncEnumerable<Consent>>> CompiledConsents = new(() =>
        EF.CompileAsyncQuery<DbContext, Guid, Consent>((db, caseId) => db.Set<Consent>().AsNoTracking().Where(c => c.CaseId == caseId).OrderBy(c => c.RecordedAt)));

    /// <summary>
    /// Where a case's small reads go: side by side on contexts of their own where that overlaps round trips
    /// (PostgreSQL), else one after the other on the request's context (SQLite; <see cref="IParallelReads.OverlapsRoundTrips"/>).
    /// </summary>
    public static IParallelReads SideReads(IAppDbContext db, IParallelReads reads) => reads.OverlapsRoundTrips ? reads : new OneAfterAnother(db);

    /// <summary>
    /// The head (<see cref="Head"/>) on the request's context and the <see cref="Sections"/> through
    /// <paramref name="side"/> (<see cref="SideReads"/>): beside the head, or after it on the request's context.
    /// "Not found" (once every read has ended) when the caller may not open the case.
    /// </summary>
    public static async Task<(CaseHead Head, CaseSections Sections)> HeadAndSections(
        IAppDbContext db, ICurrentUser user, IParallelReads side, Guid caseId, CancellationToken cancellationToken)
    {
        if (!side.OverlapsRoundTrips)
        {
            // One after the other, after anything already asked of it: the head first, so a case the caller may not
            // open costs one read.
            var found = await side.Read((d, ct) => Head(d, user, caseId, ct), cancellationToken) ?? throw new NotFoundException(nameof(Case));
            return (found, Sections(side, caseId, cancellationToken));
        }

        var sections = Sections(side, caseId, cancellationToken);
        CaseHead? head;
        try
        {
            head = await Head(db, user, caseId, cancellationToken);
        }
        catch
        {
            await sections.Settled();
            throw;
        }

        if (head is null)
        {
            await sections.Settled();
            throw new NotFoundException(nameof(Case));
        }

        return (head, sections);
    }

    /// <summary>
    /// The sections of a case that need only its id (referrals, routing, consents, conversations). On PostgreSQL each
    /// is read on a context of its own (<see cref="IParallelReads"/>) while the request's own context reads the head
    /// and checks access: the case view waits for one round trip instead of five (issue 18); on SQLite they are read
    /// after the head on the request's context (<see cref="IParallelReads.OverlapsRoundTrips"/>). Nothing is shown
    /// unless the head is found for the caller; the caller awaits <see cref="CaseSections.Settled"/> before giving up.
    /// </summary>
    public static CaseSections Sections(IParallelReads reads, Guid caseId, CancellationToken cancellationToken) => new()
    {
        Referrals = reads.Read<IReadOnlyList<ReferralRow>>(
            async (db, ct) => (await ReferralsOf(db, caseId, ct)).OrderBy(r => r.Referral.ReceivedAt).ToList(),
            cancellationToken),
        Decisions = reads.Read<IReadOnlyList<RoutingDecisionView>>(
            async (db, ct) => (await CompiledDecisions.ToListAsync(db, caseId, ct))
                .Select(d => new RoutingDecisionView(
                    d.Decision.DecidedAt, d.Decision.Kind, Guide(d.Decision.GuideId, d.GuideName), d.Decision.Reasons, d.Decision.DecidedByUserId, d.Decision.DecidedByName))
                .ToList(),
            cancellationToken),
        Consents = reads.Read<IReadOnlyList<Consent>>(
            async (db, ct) => await CompiledConsents.ToListAsync(db, caseId, ct),
            cancellationToken),
        Conversations = reads.Read((db, ct) => ListConversationsHandler.Views(db, caseId, ct), cancellationToken),
    };

    /// <summary>The case as its guide or a coordinator sees it: the head, with its sections.</summary>
    public static async Task<CaseView> View(CaseHead head, CaseSections sections, DateTimeOffset now)
    {
        // Every read ended before any result is used: a failed one fails the view only once none is left running.
        await Task.WhenAll(sections.Referrals, sections.Decisions, sections.Consents, sections.Conversations);
        var @case = head.Case;
        var citizen = head.Citizen;
        var consentHistory = await sections.Consents;
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
            await sections.Conversations, (await sections.Referrals).Select(ReferralViews.Of).ToList(),
            await sections.Decisions, head.ContactAttempts, @case.Interests, @case.Version);
    }

    private static GuideRef? Guide(Guid? id, string? name) => id is { } g ? new GuideRef(g, name ?? "(former guide)") : null;
}

/// <summary>The sections of a case read beside its head (<see cref="CaseReads.Sections"/>).</summary>
internal sealed class CaseSections
{
    public required Task<IReadOnlyList<ReferralRow>> Referrals { get; init; }

    public required Task<IReadOnlyList<RoutingDecisionView>> Decisions { get; init; }

    public required Task<IReadOnlyList<Consent>> Consents { get; init; }

    public required Task<IReadOnlyList<ConversationView>> Conversations { get; init; }

    /// <summary>
    /// Waits until every read has ended, failed or not: their contexts belong to the request's scope, which must
    /// outlive them. Used when the case is not shown (not found, not the caller's, or the head's read failed).
    /// </summary>
    /// <remarks>Their failures are not thrown: what is not shown does not matter, why it is not shown does.</remarks>
    public async Task Settled() =>
        await Task.WhenAll(Referrals, Decisions, Consents, Conversations).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
}

/// <summary>A routing decision with the name of its guide, as <see cref="CaseReads.Sections"/> reads it.</summary>
internal sealed class DecisionRow
{
    public required RoutingDecision Decision { get; init; }

    public string? GuideName { get; init; }
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
