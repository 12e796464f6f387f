using LinkWorker.Domain.Common;
using LinkWorker.Domain.Referrals;

namespace LinkWorker.Domain.Consents;

/// <summary>What the citizen agreed to; each scope covers one kind of data or contact.</summary>
public enum ConsentScope
{
    /// <summary>The guide may contact the citizen.</summary>
    ContactCitizen,

    /// <summary>Conversation notes may be stored.</summary>
    StoreConversationNotes,

    /// <summary>Loneliness measurements (T-ILS) may be recorded.</summary>
    MeasureOutcomes,

    /// <summary>The citizen's details may be shared with a partner association on hand-over.</summary>
    ShareWithPartner,

    /// <summary>The referrer may follow the referral's progress beyond "assigned".</summary>
    ShareStatusWithReferrer,

    /// <summary>Check-in messages may go to the citizen by SMS or e-mail.</summary>
    CheckInMessages,
}

/// <summary>
/// One consent given by the citizen, as recorded: its scopes, how and when it was obtained, an optional expiry.
/// Never edited; a withdrawal is added once and takes effect at once.
/// </summary>
public sealed class Consent : Entity, IMunicipalityScoped
{
    private Consent()
    {
    }

    public Consent(
        Guid id, string municipalityCode, Guid caseId, IReadOnlyList<ConsentScope> scopes, ConsentMethod method, string obtainedBy,
        DateTimeOffset obtainedAt, DateTimeOffset? expiresAt, Guid recordedBy, DateTimeOffset recordedAt)
    {
        if (scopes.Count == 0)
        {
            throw new DomainRuleException("A consent covers at least one scope.");
        }

        if (expiresAt is { } expiry && expiry <= obtainedAt)
        {
            throw new DomainRuleException("A consent must expire after it was obtained.");
        }

        Id = id;
        MunicipalityCode = municipalityCode;
        CaseId = caseId;
        Scopes = [.. scopes.Distinct()];
        Method = method;
        ObtainedBy = obtainedBy;
        ObtainedAt = obtainedAt;
        ExpiresAt = expiresAt;
        RecordedBy = recordedBy;
        RecordedAt = recordedAt;
    }

    /// <summary>
    /// The consent a referral carries, recorded for the case when the referral is received: the citizen agreed to be
    /// contacted by a guide (<see cref="ConsentScope.ContactCitizen"/>), obtained by the referrer as the referral says,
    /// recorded by the person who submitted it. Other scopes the guide asks for later.
    /// </summary>
    public static Consent FromReferral(Referral referral, DateTimeOffset recordedAt)
    {
        ArgumentNullException.ThrowIfNull(referral);
        return new Consent(
            Guid.CreateVersion7(recordedAt), referral.MunicipalityCode, referral.CaseId, [ConsentScope.ContactCitizen], referral.Consent.Method,
            referral.Consent.ObtainedBy, referral.Consent.ObtainedAt, expiresAt: null, referral.ReferrerUserId, recordedAt);
    }

    public Guid Id { get; private set; }

    public string MunicipalityCode { get; private set; } = "";

    public Guid CaseId { get; private set; }

    public IReadOnlyList<ConsentScope> Scopes { get; private set; } = [];

    public ConsentMethod Method { get; private set; }

    /// <summary>The person who obtained it (usually the guide).</summary>
    public string ObtainedBy { get; private set; } = "";

    public DateTimeOffset ObtainedAt { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    public Guid RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public DateTimeOffset? WithdrawnAt { get; private set; }

    public Guid? WithdrawnBy { get; private set; }

    public string? WithdrawalReason { get; private set; }

    /// <summary>Retention or erasure: the withdrawal's free-text reason goes; scopes and dates stay (reports count them).</summary>
    public void ErasePersonalData() => WithdrawalReason = WithdrawalReason is null ? null : "";

    public bool Covers(ConsentScope scope, DateTimeOffset at) =>
        Scopes.Contains(scope) && ObtainedAt <= at && (ExpiresAt is null || at < ExpiresAt) && (WithdrawnAt is null || at < WithdrawnAt);

    public void Withdraw(Guid by, string reason, DateTimeOffset at)
    {
        if (WithdrawnAt is not null)
        {
            throw new DomainRuleException("This consent was withdrawn already.");
        }

        WithdrawnAt = at;
        WithdrawnBy = by;
        WithdrawalReason = reason;
        Raise(new ConsentWithdrawn(Id, CaseId, Scopes, at));
    }
}

/// <summary>The answer to "is scope X active for this case now?".</summary>
public static class ConsentRules
{
    public static bool IsActive(IEnumerable<Consent> consents, ConsentScope scope, DateTimeOffset at) => consents.Any(c => c.Covers(scope, at));

    public static IReadOnlyList<ConsentScope> ActiveScopes(IEnumerable<Consent> consents, DateTimeOffset at)
    {
        var list = consents.ToList();
        return Enum.GetValues<ConsentScope>().Where(scope => IsActive(list, scope, at)).ToList();
    }

    public static void Require(IEnumerable<Consent> consents, ConsentScope scope, DateTimeOffset at, string action)
    {
        if (!IsActive(consents, scope, at))
        {
            throw new ConsentRequiredException($"The citizen's consent '{scope}' is not active, so the guide cannot {action}.") { Scope = scope.ToString() };
        }
    }
}
