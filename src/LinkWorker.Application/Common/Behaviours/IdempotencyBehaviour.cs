using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Idempotency;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Idempotency;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LinkWorker.Application.Common.Behaviours;

/// <summary>
/// Idempotency-Key handling (IETF httpapi idempotency-key draft, ADR 3, ADR 35). The key's record is looked up
/// first: a completed one is replayed, one for another request is refused. A new key's record is written with the
/// work's own batch, completed, in the unit of work's transaction, under a unique (scope, key) index: a request
/// with the same key that saves first makes this save fail, and the unit of work does the request once more, which
/// then replays the first one's answer. A failure rolls the record back with the work, so no key stays taken.
/// </summary>
internal sealed class IdempotencyBehaviour<TRequest, TResponse>(
    IAppDbContext db, ICurrentUser user, IdempotencyScope scope, TimeProvider clock, IOptions<IdempotencyOptions> options)
    : IPipelineBehavior<TRequest, TResponse>
    where TRequest : notnull, IMessage
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async ValueTask<TResponse> Handle(TRequest request, MessageHandlerDelegate<TRequest, TResponse> next, CancellationToken cancellationToken)
    {
        if (request is not IIdempotentRequest idempotent)
        {
            return await next(request, cancellationToken);
        }

        var key = idempotent.IdempotencyKey ?? scope.KeyFor(request);
        if (key is null)
        {
            return await next(request, cancellationToken);
        }

        var callerScope = $"{user.RequiredUserId:N}:{typeof(TRequest).Name}";
        var hash = IdempotencyHashing.HashOf(request);
        var now = clock.GetUtcNow();
        var claim = new IdempotencyRecord(Guid.CreateVersion7(now), callerScope, key, hash, now, now + options.Value.KeyLifetime);

        var existing = await db.IdempotencyRecords.AsNoTracking()
            .SingleOrDefaultAsync(r => r.Scope == callerScope && r.Key == key, cancellationToken);
        if (existing is null)
        {
            db.IdempotencyRecords.Add(claim);
        }
        else if (existing.ExpiresAt < now)
        {
            // An expired key may be used afresh; the periodic clean-up may not have removed it yet.
            claim = await TakeOver(existing, r => r.ExpiresAt == existing.ExpiresAt, hash, now, cancellationToken)
                ?? throw new IdempotentRequestInFlightException();
        }
        else if (existing.RequestHash != hash)
        {
            throw new IdempotencyKeyReusedException();
        }
        else if (existing.IsCompleted)
        {
            scope.Replayed = true;
            return JsonSerializer.Deserialize<TResponse>(existing.Response!, Json)!;
        }
        else
        {
            // A claim written before ADR 35 (claimed first, completed later) whose request is still running, or died.
            claim = existing.ClaimedAt + options.Value.InFlightLease > now
                ? throw new IdempotentRequestInFlightException()
                : await TakeOver(existing, r => r.CompletedAt == null && r.ClaimedAt == existing.ClaimedAt, hash, now, cancellationToken)
                    ?? throw new IdempotentRequestInFlightException();
        }

        scope.Claim = claim;
        var response = await next(request, cancellationToken);
        // Saved by the unit of work with the work itself; if anything fails, the record rolls back with it.
        claim.Complete(JsonSerializer.Serialize(response, Json), clock.GetUtcNow());
        return response;
    }

    // A claim whose holder died, or an expired key: take it over only if nobody else did first (compare-and-set).
    private async Task<IdempotencyRecord?> TakeOver(
        IdempotencyRecord previous, System.Linq.Expressions.Expression<Func<IdempotencyRecord, bool>> unchanged, string hash,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var taken = await db.IdempotencyRecords
            .Where(r => r.Id == previous.Id)
            .Where(unchanged)
            .ExecuteUpdateAsync(
                s => s.SetProperty(r => r.ClaimedAt, now)
                    .SetProperty(r => r.ExpiresAt, now + options.Value.KeyLifetime)
                    .SetProperty(r => r.RequestHash, hash)
                    .SetProperty(r => r.CompletedAt, (DateTimeOffset?)null)
                    .SetProperty(r => r.Response, (string?)null),
                cancellationToken) == 1;
        return taken ? await db.IdempotencyRecords.SingleAsync(r => r.Id == previous.Id, cancellationToken) : null;
    }
}

/// <summary>How a request is fingerprinted to tell a true retry from a key reused for another request.</summary>
public static class IdempotencyHashing
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string HashOf<TRequest>(TRequest request) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request, Json))));
}
