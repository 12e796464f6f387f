using System.Text.Json;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Idempotency;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Messaging;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Common.Behaviours;

/// <summary>
/// A request whose handler commits its own steps, because a failure must still be saved (a wrong password counts
/// towards the lockout). It touches no citizen data.
/// </summary>
#pragma warning disable CA1040 // A marker read by the unit of work.
public interface ISelfCommittingRequest;
#pragma warning restore CA1040


/// <summary>
/// One transaction per request: the handler's changes, its audit rows and the idempotent result are saved
/// together or not at all. Nothing half-written survives an error.
/// </summary>
internal sealed class UnitOfWorkBehaviour<TRequest, TResponse>(IAppDbContext db, IdempotencyScope idempotency, TimeProvider clock)
    : IPipelineBehavior<TRequest, TResponse>
    where TRequest : notnull
{
    public async Task<TResponse> Handle(TRequest request, RequestHandlerDelegate<TResponse> next, CancellationToken cancellationToken)
    {
        if (request is ISelfCommittingRequest)
        {
            return await next();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var response = await next();
            idempotency.Claim?.Complete(JsonSerializer.Serialize(response, IdempotencyBehaviour<TRequest, TResponse>.Json), clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return response;
        }
        catch (DbUpdateConcurrencyException)
        {
            await Rollback(transaction);
            throw new ConflictException("Someone else changed this record at the same time; reload it and try again.");
        }
        catch
        {
            await Rollback(transaction);
            throw;
        }
    }

    private async Task Rollback(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction)
    {
        await transaction.RollbackAsync(CancellationToken.None);
        db.ChangeTracker.Clear();
    }
}
