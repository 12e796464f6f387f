using System.Text.Json.Serialization;
using FluentValidation;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Behaviours;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Idempotency;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Metrics;
using LinkWorker.Application.Common.ReferenceData;
using LinkWorker.Application.Common.Routing;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Referrals;
using LinkWorker.Domain.Routing;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Referrals.SubmitReferral;

/// <summary>
/// A professional refers a citizen, with the citizen's consent. Guides and coordinators use it for self-referrals
/// (the citizen called the guide's phone line): a guide's self-referral stays with that guide when they have room,
/// unless <see cref="ToTriage"/> sends it to the coordinator's triage queue. A referring system (client credentials)
/// refers for its organisation and names the professional in <c>referringProfessional</c>.
/// </summary>
[Authorize(Roles.Referrer, Roles.Guide, Roles.Coordinator)]
public sealed record SubmitReferralCommand(
    CitizenInput? Citizen,
    string? Reason,
    IReadOnlyList<LifeArena>? LifeArenas,
    IReadOnlyList<LifeTransition>? LifeTransitions,
    LonelinessType? LonelinessType,
    PracticalNeedsInput? PracticalNeeds,
    Urgency? Urgency,
    ReferralConsentInput? Consent,
    bool ToTriage = false,
    string? ReferringProfessional = null) : IRequest<SubmitReferralResult>, IIdempotentRequest, ICitizenDataRequest
{
    /// <summary>From the Idempotency-Key header, never from the body.</summary>
    [JsonIgnore]
    public string? IdempotencyKey { get; init; }

    /// <summary>
    /// The sending system's own id of the referral (FHIR ServiceRequest.identifier), never from the REST body. Known
    /// for the organisation already: that referral is the answer and nothing is stored (conditional create, ADR 0024).
    /// </summary>
    [JsonIgnore]
    public ExternalReferralId? ExternalId { get; init; }
}

public sealed record CitizenInput(
    string? Name,
    string? CprNumber,
    DateOnly? DateOfBirth,
    string? Phone,
    string? Email,
    AddressInput? Address,
    string? PreferredLanguage,
    bool InterpreterNeeded);

public sealed record AddressInput(string? Street, string? Postcode, string? City);

public sealed record PracticalNeedsInput(bool Transport, bool Disability, bool DigitalAccess, string? Notes);

/// <summary>The citizen's consent to be referred. Without <c>given: true</c> the referral is refused.</summary>
public sealed record ReferralConsentInput(bool Given, string? ObtainedBy, ConsentMethod? Method, DateTimeOffset? ObtainedAt);

public sealed record SubmitReferralResult(
    Guid ReferralId,
    Guid CaseId,
    ReferralStatus Status,
    Guid? AssignedGuideId,
    bool AttachedToExistingCase,
    DateTimeOffset ReceivedAt);

internal sealed class SubmitReferralValidator : AbstractValidator<SubmitReferralCommand>
{
    public SubmitReferralValidator(TimeProvider clock)
    {
        // A system refers for its organisation; the guide must know which professional to call back.
        RuleFor(c => c.ReferringProfessional).NotEmpty().When((_, context) => context.Caller().SystemClientId is not null)
            .WithMessage("A referring system names the professional who refers (referringProfessional).");
        RuleFor(c => c.ReferringProfessional).MaximumLength(200);
        RuleFor(c => c.Citizen).NotNull().WithMessage("The citizen is required.");
        RuleFor(c => c.Citizen!).SetValidator(new CitizenInputValidator(clock)).When(c => c.Citizen is not null);
        RuleFor(c => c.Reason).NotEmpty().WithMessage("Say why the citizen is referred.").MaximumLength(4000);
        RuleFor(c => c.LifeArenas).NotEmpty().WithMessage("Name at least one life arena.");
        RuleForEach(c => c.LifeArenas).IsInEnum();
        RuleForEach(c => c.LifeTransitions).IsInEnum();
        RuleFor(c => c.LonelinessType).IsInEnum();
        RuleFor(c => c.Urgency).IsInEnum();
        RuleFor(c => c.PracticalNeeds!.Notes).MaximumLength(1000).When(c => c.PracticalNeeds is not null);
        RuleFor(c => c.ExternalId!.System).NotEmpty().MaximumLength(ExternalReferralId.MaxSystemLength).When(c => c.ExternalId is not null)
            .OverridePropertyName("externalId");
        RuleFor(c => c.ExternalId!.Value).NotEmpty().MaximumLength(ExternalReferralId.MaxValueLength).When(c => c.ExternalId is not null)
            .OverridePropertyName("externalId");
        RuleFor(c => c.IdempotencyKey).Length(1, 255).When(c => c.IdempotencyKey is not null)
            .WithMessage("An Idempotency-Key has 1 to 255 characters.")
            .Must(key => key!.All(c => c is >= ' ' and <= '~')).When(c => c.IdempotencyKey is not null)
            .WithMessage("An Idempotency-Key holds printable ASCII characters only.");

        // A missing consent object is a bad request like any other missing field (reported with them all);
        // a consent the citizen did not give is refused by the handler with a consent problem (409).
        RuleFor(c => c.Consent).NotNull()
            .WithMessage("The citizen's consent is required: send consent with given, obtainedBy, method and obtainedAt.");
        When(c => c.Consent is { Given: true }, () =>
        {
            RuleFor(c => c.Consent!.ObtainedBy).NotEmpty().WithMessage("Say who obtained the consent.").MaximumLength(200);
            RuleFor(c => c.Consent!.Method).NotNull().WithMessage("Say how the consent was obtained (Verbal, Written or Digital).").IsInEnum();
            RuleFor(c => c.Consent!.ObtainedAt).NotNull().WithMessage("Say when the consent was obtained.")
                .Must(at => at <= clock.GetUtcNow().AddMinutes(5)).WithMessage("Consent cannot be obtained in the future.");
        });
    }
}

internal sealed class CitizenInputValidator : AbstractValidator<CitizenInput>
{
    public CitizenInputValidator(TimeProvider clock)
    {
        RuleFor(c => c.Name).NotEmpty().WithMessage("The citizen's name is required.").MaximumLength(200);
        RuleFor(c => c.CprNumber)
            .Must(cpr => CprNumber.TryParse(cpr, out _))
            .When(c => !string.IsNullOrEmpty(c.CprNumber))
            .WithMessage("A CPR number has 10 digits (DDMMYY-SSSS) with a valid date.");
        RuleFor(c => c.DateOfBirth)
            .NotNull().When(c => string.IsNullOrEmpty(c.CprNumber))
            .WithMessage("Give a CPR number or, for a person without one, the date of birth.");
        RuleFor(c => c.DateOfBirth)
            .Must(d => d <= DanishTime.Today(clock)).When(c => c.DateOfBirth is not null)
            .WithMessage("The date of birth cannot be in the future.");
        RuleFor(c => c.Phone).MaximumLength(30).Matches(@"^\+?[0-9 ]{6,20}$").When(c => c.Phone is not null)
            .WithMessage("A phone number has 6 to 20 digits, optionally with a leading +.");
        RuleFor(c => c.Email).EmailAddress().MaximumLength(254).When(c => c.Email is not null);
        RuleFor(c => c.Address).NotNull().WithMessage("The citizen's address (at least the postcode) is required.");
        RuleFor(c => c.Address!.Postcode).NotEmpty().Matches("^[0-9]{4}$").When(c => c.Address is not null)
            .WithMessage("A Danish postcode has four digits.");
        RuleFor(c => c.Address!.Street).MaximumLength(200).When(c => c.Address is not null);
        RuleFor(c => c.Address!.City).MaximumLength(100).When(c => c.Address is not null);
        RuleFor(c => c.PreferredLanguage).Matches("^[a-z]{2}$").When(c => c.PreferredLanguage is not null)
            .WithMessage("Use a two-letter ISO 639-1 language code such as \"da\" or \"ar\".");
    }
}

internal sealed class SubmitReferralHandler(
    IAppDbContext db, ICurrentUser user, TimeProvider clock, IAuditTrail audit, CaseRouter router, IUserDirectory users,
    AfterCommit afterCommit, LinkWorkerMetrics metrics, IdempotencyScope idempotency, ReferenceDataCache referenceData)
    : IRequestHandler<SubmitReferralCommand, SubmitReferralResult>
{
    public async ValueTask<SubmitReferralResult> Handle(SubmitReferralCommand command, CancellationToken cancellationToken)
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

        if (command.ExternalId is { } externalId && await Known(externalId, cancellationToken) is { } known)
        {
            return known;
        }

        var submission = await ToSubmission(command, cancellationToken) with { ExternalId = command.ExternalId };
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
            openCase = await OpenCaseOf(db, citizen.Id).SingleOrDefaultAsync(cancellationToken);
            previousGuide = openCase is null ? await MostRecentGuideOf(db, citizen.Id).FirstOrDefaultAsync(cancellationToken) : null;
        }

        Referral referral;
        var attached = openCase is not null;
        if (openCase is null)
        {
            var firstContactWorkingDays = await referenceData.FirstContactWorkingDaysOf(db, municipality, cancellationToken);
            (openCase, referral) = Case.OpenFromReferral(municipality, citizen, submission, now, firstContactWorkingDays, previousGuide);
            db.Cases.Add(openCase);
            db.Referrals.Add(referral);
            await Route(command, openCase, citizen, now, cancellationToken);
            afterCommit.Add(() => metrics.ReferralRouted(municipality, submission.Sector, toGuide: openCase.AssignedGuideId is not null));
        }
        else
        {
            // The open case already has its guide, or waits in triage.
            referral = openCase.Receive(submission, now, citizen);
            db.Referrals.Add(referral);
        }

        db.Consents.Add(Consent.FromReferral(referral, now));
        afterCommit.Add(() => metrics.ReferralReceived(municipality, submission.Sector));
        audit.Record(nameof(Citizen), citizen.Id);
        audit.Record(nameof(Case), openCase.Id);
        audit.Record(nameof(Referral), referral.Id);

        return new SubmitReferralResult(
            referral.Id, openCase.Id, ReferralStatusMapping.From(openCase.Status), openCase.AssignedGuideId, attached, referral.ReceivedAt);
    }

    // Conditional create: the organisation's referral with this id, as it stands now, and nothing is stored. Two
    // submissions at once both miss it here; the unique index lets one commit and the other retries into this.
    private async Task<SubmitReferralResult?> Known(ExternalReferralId id, CancellationToken cancellationToken)
    {
        var organisation = user.OrganisationId ?? throw new ForbiddenException("A referrer must belong to an organisation in this municipality.");
        var known = await db.Referrals.AsNoTracking()
            .Where(r => r.OrganisationId == organisation && r.ExternalIdSystem == id.System && r.ExternalIdValue == id.Value)
            .Join(db.Cases, r => r.CaseId, c => c.Id, (r, c) => new { r.Id, r.CaseId, r.ReferrerUserId, r.ReceivedAt, c.Status, c.AssignedGuideId })
            .SingleOrDefaultAsync(cancellationToken);
        if (known is null)
        {
            return null;
        }

        if (known.ReferrerUserId != user.RequiredUserId)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["externalId"] = ["Another system of your organisation already sent a referral with this identifier."],
            });
        }

        idempotency.Replayed = true;
        audit.Record(nameof(Referral), known.Id);
        return new SubmitReferralResult(known.Id, known.CaseId, ReferralStatusMapping.From(known.Status), known.AssignedGuideId, false, known.ReceivedAt);
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
                [RoutingReason.Of(RoutingReason.SelfReferralToTriage, name ?? "the registrar").Text], user.UserId, name));
            return;
        }

        await router.Route(@case, citizen, cancellationToken, user.IsInRole(Roles.Guide) ? user.RequiredUserId : null);
    }

    /// <summary>The citizen's open case (IX_Cases_CitizenId_Open; IntakePlanTests).</summary>
    internal static IQueryable<Case> OpenCaseOf(IAppDbContext db, Guid citizenId) =>
        db.Cases.Where(c => c.CitizenId == citizenId && c.Status != CaseStatus.Closed);

    /// <summary>
    /// The guide of the citizen's most recently closed case (or the guide that case had before it was reopened),
    /// read through IX_Cases_CitizenId_ClosedAt (IntakePlanTests).
    /// </summary>
    internal static IQueryable<Guid?> MostRecentGuideOf(IAppDbContext db, Guid citizenId) =>
        db.Cases.AsNoTracking()
            .Where(c => c.CitizenId == citizenId && c.Status == CaseStatus.Closed && (c.AssignedGuideId != null || c.PreviousGuideId != null))
            .OrderByDescending(c => c.ClosedAt)
            .Select(c => c.AssignedGuideId ?? c.PreviousGuideId);

    private async Task<ReferralSubmission> ToSubmission(SubmitReferralCommand command, CancellationToken cancellationToken)
    {
        var organisation = user.OrganisationId is { } organisationId
            ? await referenceData.OrganisationOf(db, user.RequiredMunicipalityCode, organisationId, cancellationToken)
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
            command.LonelinessType, needs, command.Urgency ?? Urgency.Normal, consent, command.ReferringProfessional?.Trim());
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
            ? db.CitizensWithCprNumber(cpr.Digits).SingleOrDefaultAsync(cancellationToken)
            : db.Citizens.FirstOrDefaultAsync(
                c => c.CprNumber == null && c.DateOfBirth == details.DateOfBirth && c.Name.ToLower() == details.Name.ToLower(),
                cancellationToken);
#pragma warning restore CA1862
}
