using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Routing;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Referrals;
using LinkWorker.Domain.Routing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Referrals.SubmitReferral;

internal sealed class SubmitReferralHandler(
    IAppDbContext db, ICurrentUser user, TimeProvider clock, IAuditTrail audit, CaseRouter router, IUserDirectory users)
    : IRequestHandler<SubmitReferralCommand, SubmitReferralResult>
{
    public async Task<SubmitReferralResult> Handle(SubmitReferralCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var municipality = user.RequiredMunicipalityCode;
        if (command.ToTriage && !user.IsInRole(Roles.Guide) && !user.IsInRole(Roles.Coordinator))
        {
            throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["toTriage"] = ["Only a guide or coordinator registering a self-referral can send it to triage."],
            });
        }

        var submission = await ToSubmission(command, cancellationToken);
        var details = ToDetails(command.Citizen!);

        var citizen = await FindCitizen(details, cancellationToken);
        Case? openCase = null;
        Guid? previousGuide = null;
        if (citizen is null)
        {
            citizen = new Citizen(Guid.CreateVersion7(now), municipality, details);
            db.Citizens.Add(citizen);
        }
        else
        {
            citizen.Update(details);
            openCase = await db.Cases.SingleOrDefaultAsync(c => c.CitizenId == citizen.Id && c.Status != CaseStatus.Closed, cancellationToken);
            previousGuide = openCase is null ? await MostRecentGuideOf(citizen.Id, cancellationToken) : null;
        }

        Referral referral;
        var attached = openCase is not null;
        if (openCase is null)
        {
            var firstContactWorkingDays = await db.Municipalities.Where(m => m.Code == municipality)
                .Select(m => (int?)m.FirstContactWorkingDays).SingleOrDefaultAsync(cancellationToken) ?? Case.DefaultFirstContactWorkingDays;
            (openCase, referral) = Case.OpenFromReferral(municipality, citizen, submission, now, firstContactWorkingDays, previousGuide);
            db.Cases.Add(openCase);
            db.Referrals.Add(referral);
            await Route(command, openCase, citizen, now, cancellationToken);
        }
        else
        {
            // The open case already has its guide, or waits in triage.
            referral = openCase.Receive(submission, now, citizen);
            db.Referrals.Add(referral);
        }

        db.Consents.Add(Consent.FromReferral(referral, now));
        audit.Record(nameof(Citizen), citizen.Id);
        audit.Record(nameof(Case), openCase.Id);
        audit.Record(nameof(Referral), referral.Id);

        return new SubmitReferralResult(
            referral.Id, openCase.Id, ReferralStatusMapping.From(openCase.Status), openCase.AssignedGuideId, attached, referral.ReceivedAt);
    }

    // A self-referral goes to triage when its registrar says so, stays with the guide who took the call when they have
    // room, and otherwise follows the rules like any referral.
    private async Task Route(SubmitReferralCommand command, Case @case, Citizen citizen, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (command.ToTriage)
        {
            var name = await users.DisplayNameOf(user.RequiredUserId, cancellationToken) ?? user.DisplayName;
            db.RoutingDecisions.Add(new RoutingDecision(
                Guid.CreateVersion7(now), @case.MunicipalityCode, @case.Id, now, RoutingKind.Triage, null,
                [$"self-referral: {name ?? "the registrar"} chose triage"], user.UserId, name));
            return;
        }

        await router.Route(@case, citizen, cancellationToken, user.IsInRole(Roles.Guide) ? user.RequiredUserId : null);
    }

    // The guide of the citizen's most recently closed case (or the guide that case had before it was reopened).
    private Task<Guid?> MostRecentGuideOf(Guid citizenId, CancellationToken cancellationToken) =>
        db.Cases.AsNoTracking()
            .Where(c => c.CitizenId == citizenId && c.Status == CaseStatus.Closed && (c.AssignedGuideId != null || c.PreviousGuideId != null))
            .OrderByDescending(c => c.ClosedAt)
            .Select(c => c.AssignedGuideId ?? c.PreviousGuideId)
            .FirstOrDefaultAsync(cancellationToken);

    private async Task<ReferralSubmission> ToSubmission(SubmitReferralCommand command, CancellationToken cancellationToken)
    {
        var organisation = user.OrganisationId is { } organisationId
            ? await db.Organisations.SingleOrDefaultAsync(o => o.Id == organisationId, cancellationToken)
            : null;

        Sector sector;
        if (user.IsInRole(Roles.Referrer))
        {
            sector = organisation?.Sector ?? throw new ForbiddenException("A referrer must belong to an organisation in this municipality.");
        }
        else
        {
            sector = Sector.SelfReferral;
        }

        var consent = command.Consent is { Given: true, ObtainedBy: { } by, Method: { } method, ObtainedAt: { } at }
            ? new ReferralConsent(by.Trim(), method, at.ToUniversalTime())
            : null;
        var needs = command.PracticalNeeds is { } n ? new PracticalNeeds(n.Transport, n.Disability, n.DigitalAccess, n.Notes) : PracticalNeeds.None;

        return new ReferralSubmission(
            user.RequiredUserId, organisation?.Id, sector, command.Reason!.Trim(), command.LifeArenas ?? [], command.LifeTransitions ?? [],
            command.LonelinessType, needs, command.Urgency ?? Urgency.Normal, consent);
    }

    private static CitizenDetails ToDetails(CitizenInput input)
    {
        var cpr = string.IsNullOrEmpty(input.CprNumber) ? null : CprNumber.Parse(input.CprNumber);
        var address = new Address(input.Address!.Street?.Trim(), input.Address.Postcode!, input.Address.City?.Trim());
        return new CitizenDetails(
            input.Name!.Trim(), cpr, cpr?.DateOfBirth ?? input.DateOfBirth, input.Phone, input.Email, address,
            input.PreferredLanguage ?? "da", input.InterpreterNeeded);
    }

    // A CPR number identifies a person; without one, name and date of birth do.
#pragma warning disable CA1862 // ToLower translates to SQL on both providers; string.Equals with a comparison does not.
    private Task<Citizen?> FindCitizen(CitizenDetails details, CancellationToken cancellationToken) =>
        details.Cpr is { } cpr
            ? db.Citizens.SingleOrDefaultAsync(c => c.CprNumber == cpr.Digits, cancellationToken)
            : db.Citizens.FirstOrDefaultAsync(
                c => c.CprNumber == null && c.DateOfBirth == details.DateOfBirth && c.Name.ToLower() == details.Name.ToLower(),
                cancellationToken);
#pragma warning restore CA1862
}
