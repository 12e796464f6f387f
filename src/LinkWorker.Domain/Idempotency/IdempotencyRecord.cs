namespace LinkWorker.Domain.Idempotency;

/// <summary>
/// A caller's Idempotency-Key: claimed before the work starts, completed with the stored response in the same
/// transaction as the work. A unique index on (Scope, Key) decides races, never a check-then-insert.
/// </summary>
public sealed class IdempotencyRecord
{
    private IdempotencyRecord()
    {
    }

    public IdempotencyRecord(Guid id, string scope, string key, string requestHash, DateTimeOffset claimedAt, DateTimeOffset expiresAt)
    {
        Id = id;
        Scope = scope;
        Key = key;
        RequestHash = requestHash;
        ClaimedAt = claimedAt;
        ExpiresAt = expiresAt;
    }

    public Guid Id { get; private set; }

    /// <summary>Who may reuse the key: keys are per caller, so two callers never see each other's results.</summary>
    public string Scope { get; private set; } = "";

    public string Key { get; private set; } = "";

    /// <summary>SHA-256 of the request, to tell a true retry from a key reused for another request.</summary>
    public string RequestHash { get; private set; } = "";

    public DateTimeOffset ClaimedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>The serialized result, replayed to a retry.</summary>
    public string? Response { get; private set; }

    public bool IsCompleted => CompletedAt is not null;

    public void Complete(string response, DateTimeOffset at)
    {
        Response = response;
        CompletedAt = at;
    }
}
