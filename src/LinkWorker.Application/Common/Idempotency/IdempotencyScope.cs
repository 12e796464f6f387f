using LinkWorker.Domain.Idempotency;

namespace LinkWorker.Application.Common.Idempotency;

/// <summary>A request that honours the Idempotency-Key header.</summary>
public interface IIdempotentRequest
{
    /// <summary>The caller's key; null when the header was not sent.</summary>
    string? IdempotencyKey { get; }
}

/// <summary>
/// The idempotency state of the current request: its claim (inserted inside the unit of work's transaction) and
/// whether the response was replayed.
/// </summary>
public sealed class IdempotencyScope
{
    internal IdempotencyRecord? Claim { get; set; }

    private object? _keyOwner;

    /// <summary>
    /// The Idempotency-Key header of the HTTP request, set by the Api's endpoint filter. The first idempotent
    /// request sent in the scope takes it (again when the unit of work does it once more), so a request sent by a
    /// handler never inherits it.
    /// </summary>
    public string? Key { get; set; }

    internal string? KeyFor(object request)
    {
        _keyOwner ??= request;
        return ReferenceEquals(_keyOwner, request) ? Key : null;
    }

    /// <summary>True when the response was replayed from an earlier request with the same key.</summary>
    public bool Replayed { get; internal set; }
}
