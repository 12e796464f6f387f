using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Idempotency;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Idempotency;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LinkWorker.Application.Common.Behaviours;

/// <summary>
/// Idempotency-Key handling (IETF httpapi idempotency-key draft). The key is claimed by inserting a row under a
/// unique (scope, key) index before the work starts; the unit of work stores the result on that row in the same
/// transaction as the work. A retry replays the result, a reuse with another request is refused, and a retry
/// while the first is still running is told to wait.
/// </summary>
internal sealed class IdempotencyBehaviour<TRequest, TResponse>(
    IAppDbContext db, ICurrentUser user, IdempotencyScope scope, TimeProvider clock, IOptions<IdempotencyOptions> options)
    : IPipelineBehavior<TRequest, TResponse>
    where TRequest : notnull
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<TResponse> Handle(TRequest request, RequestHandlerDelegate<TResponse> next, CancellationToken cancellationToken)
    {
        if (request is not IIdempotentRequest idempotent)
        {
            return await next();
        }

        var key = idempotent.IdempotencyKey ?? scope.Key;
        scope.Key = null;
        if (key is null)
        {
            return await next();
        }

        var callerScope = $"{user.RequiredUserId:N}:{typeof(TRequest).Name}";
        var hash = IdempotencyHashing.HashOf(request);
        var now = clock.GetUtcNow();
        var claim = new IdempotencyRecord(Guid.CreateVersion7(now), callerScope, key, hash, now, now + options.Value.KeyLifetime);

        if (!await TryClaim(claim, cancellationToken))
        {
            var existing = await db.IdempotencyRecords.AsNoTracking()
                .SingleAsync(r => r.Scope == callerScope && r.Key == key, cancellationToken);
            if (existing.RequestHash != hash)
            {
                throw new IdempotencyKeyReusedException();
            }

            if (existing.IsCompleted)
            {
                scope.Replayed = true;
                return JsonSerializer.Deserialize<TResponse>(existing.Response!, Json)!;
            }

            if (existing.ClaimedAt + options.Value.InFlightLease > now || !await TryTakeOver(existing, now, cancellationToken))
            {
                throw new IdempotentRequestInFlightException();
            }

            claim = await db.IdempotencyRecords.SingleAsync(r => r.Id == existing.Id, cancellationToken);
        }

        scope.Claim = claim;
        try
        {
            return await next();
        }
        catch
        {
            // The work rolled back: free the key so that a corrected retry can use it.
            scope.Claim = null;
            await db.IdempotencyRecords.Where(r => r.Id == claim.Id && r.CompletedAt == null)
                .ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }
    }

    private async Task<bool> TryClaim(IdempotencyRecord claim, CancellationToken cancellationToken)
    {
        // An expired key may be used afresh.
        await db.IdempotencyRecords
            .Where(r => r.Scope == claim.Scope && r.Key == claim.Key && r.ExpiresAt < claim.ClaimedAt)
            .ExecuteDeleteAsync(cancellationToken);

        db.IdempotencyRecords.Add(claim);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException ex) when (db.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    // A claim whose holder died: take it over only if nobody else did first (compare-and-set on ClaimedAt).
    private async Task<bool> TryTakeOver(IdempotencyRecord abandoned, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.IdempotencyRecords
            .Where(r => r.Id == abandoned.Id && r.CompletedAt == null && r.ClaimedAt == abandoned.ClaimedAt)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClaimedAt, now), cancellationToken) == 1;

}

/// <summary>How a request is fingerprinted to tell a true retry from a key reused for another request.</summary>
public static class IdempotencyHashing
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string HashOf<TRequest>(TRequest request) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request, Json))));
}
