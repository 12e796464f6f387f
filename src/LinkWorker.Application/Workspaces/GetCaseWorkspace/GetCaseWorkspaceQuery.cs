using FluentValidation;
using LinkWorker.Application.Cases;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.ReferenceData;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.FollowUps;
using LinkWorker.Application.FollowUps.ListFollowUps;
using LinkWorker.Application.Matches.SuggestOffers;
using LinkWorker.Application.Offers;
using LinkWorker.Application.Outcomes;
using LinkWorker.Application.Outcomes.ListOutcomes;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Cases;
using Mediator;

namespace LinkWorker.Application.Workspaces.GetCaseWorkspace;

/// <summary>
/// Everything the case page shows, in one request: the case (as <c>GetCase</c>), its follow-ups (as
/// <c>ListFollowUps</c>), its measurements and matches (as <c>ListOutcomes</c>) and, while it is open, the best
/// offers for the citizen (as <c>SuggestOffers</c> with <see cref="SuggestionCount"/>). The case is loaded and its
/// access checked once, the reads are batched, and the read is one audit record (ADR 32).
/// </summary>
[Authorize(Roles.Guide, Roles.Coordinator)]
public sealed record GetCaseWorkspaceQuery(Guid CaseId) : IRequest<CaseWorkspace>, ICitizenDataRequest
{
    /// <summary>How many offers the page suggests.</summary>
    public const int SuggestionCount = 5;
}

/// <summary>The case page's data; <see cref="Suggestions"/> is empty for a closed case.</summary>
public sealed record CaseWorkspace(
    CaseView Case, IReadOnlyList<FollowUpView> FollowUps, CaseOutcomes Outcomes, IReadOnlyList<OfferMatchView> Suggestions);

internal sealed class GetCaseWorkspaceValidator : AbstractValidator<GetCaseWorkspaceQuery>
{
    public GetCaseWorkspaceValidator() => RuleFor(q => q.CaseId).NotEmpty();
}

internal sealed class GetCaseWorkspaceHandler(
    IAppDbContext db, ICurrentUser user, IAuditTrail audit, IParallelReads reads, OfferCatalogue catalogue, ReferenceDataCache reference, TimeProvider clock)
    : IRequestHandler<GetCaseWorkspaceQuery, CaseWorkspace>
{
    public async ValueTask<CaseWorkspace> Handle(GetCaseWorkspaceQuery query, CancellationToken cancellationToken)
    {
        // The follow-ups and the outcomes need only the case's id: read beside the case and its sections (issue 18;
        // on SQLite before them, on the request's context), shown only when the case is the caller's.
        var side = CaseReads.SideReads(db, reads);
        var followUpsRead = side.Read((r, ct) => ListFollowUpsHandler.Of(r, query.CaseId, ct), cancellationToken);
        var outcomesRead = side.Read((r, ct) => ListOutcomesHandler.Of(r, query.CaseId, ct), cancellationToken);
        CaseHead head;
        CaseSections sections;
        try
        {
            (head, sections) = await CaseReads.HeadAndSections(db, user, side, query.CaseId, cancellationToken);
        }
        catch
        {
            await Task.WhenAll(followUpsRead, outcomesRead).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        var now = clock.GetUtcNow();
        await Task.WhenAll(followUpsRead, outcomesRead).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var view = await CaseReads.View(head, sections, now);
        var followUps = await followUpsRead;
        var outcomes = await outcomesRead;

        IReadOnlyList<OfferMatchView> suggestions = [];
        if (head.Case.IsOpen)
        {
            // The districts are reference data (cached, ADR 30); the staleness rule and the postcode's centre came with the case.
            var districts = await reference.DistrictsOf(db, head.Case.MunicipalityCode, cancellationToken);
            var staleAfterMonths = head.OfferStaleAfterMonths ?? await catalogue.StaleAfterMonths(cancellationToken);
            var directory = await catalogue.Load(includeArchived: false, districts, staleAfterMonths, cancellationToken);
            suggestions = SuggestOffersHandler.Suggest(
                directory, head.Case, head.Citizen, (await sections.Referrals).Select(r => r.Referral), head.PostcodeCentre,
                SuggestOffersHandler.Matched(outcomes.Participations), GetCaseWorkspaceQuery.SuggestionCount, DanishTime.DateOf(now));
        }

        // One audit record for the page: the case, with what the four section requests each named besides it (the
        // citizen, the conversations), so "who read this citizen's data" finds this read by each of those ids.
        audit.RecordWith(nameof(Case), head.Case.Id, [head.Citizen.Id, .. view.Conversations.Select(c => c.Id)]);
        return new CaseWorkspace(view, followUps, outcomes, suggestions);
    }
}
