using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Referrals;

namespace LinkWorker.Application.Consents;

public sealed record ConsentView(
    Guid Id,
    IReadOnlyList<ConsentScope> Scopes,
    ConsentMethod Method,
    string ObtainedBy,
    DateTimeOffset ObtainedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset RecordedAt,
    DateTimeOffset? WithdrawnAt,
    string? WithdrawalReason,
    bool ActiveNow)
{
    internal static ConsentView Of(Consent c, DateTimeOffset now) => new(
        c.Id, c.Scopes, c.Method, c.ObtainedBy, c.ObtainedAt, c.ExpiresAt, c.RecordedAt, c.WithdrawnAt, c.WithdrawalReason,
        c.Scopes.Any(scope => c.Covers(scope, now)));
}

/// <summary>A case's consent history and what is active now.</summary>
public sealed record ConsentsView(IReadOnlyList<ConsentScope> ActiveScopes, IReadOnlyList<ConsentView> History);
