using LinkWorker.Application.Consents;
using LinkWorker.Application.Conversations;
using LinkWorker.Application.Referrals;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Routing;

namespace LinkWorker.Application.Cases;

/// <summary>A case as its guide or a coordinator sees it.</summary>
public sealed record CaseView(
    Guid Id,
    CaseStatus Status,
    CitizenView Citizen,
    GuideRef? AssignedGuide,
    DateTimeOffset OpenedAt,
    DateTimeOffset? FirstContactAt,
    FirstContactDeadline? FirstContactDeadline,
    int FailedContactAttempts,
    bool SuggestCloseAsUnreachable,
    DateTimeOffset? ClosedAt,
    ClosureReason? ClosureReason,
    string? ClosureNote,
    ConsentsView Consents,
    IReadOnlyList<ConversationView> Conversations,
    IReadOnlyList<ReferralView> Referrals,
    IReadOnlyList<RoutingDecisionView> Routing,
    IReadOnlyList<ContactAttemptView> ContactAttempts,
    IReadOnlyList<Domain.Offers.Interest> Interests,
    int Version);

public sealed record CitizenView(
    Guid Id, string Name, string? CprNumber, DateOnly? DateOfBirth, string? AgeBand, string? Phone, string? Email,
    string? Street, string Postcode, string? City, string PreferredLanguage, bool InterpreterNeeded);

public sealed record GuideRef(Guid Id, string Name);

/// <summary>One routing step; <c>DecidedBy</c>/<c>DecidedByName</c> are the person who decided, null for the automatic rules.</summary>
public sealed record RoutingDecisionView(
    DateTimeOffset DecidedAt, RoutingKind Kind, GuideRef? Guide, IReadOnlyList<string> Reasons, Guid? DecidedBy, string? DecidedByName);

public sealed record ContactAttemptView(DateTimeOffset At, ContactChannel Channel, bool Succeeded);
