using System.Text.Json;
using LinkWorker.Application.Common.Events;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Idempotency;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LinkWorker.Application.Common.Behaviours;

/// <summary>
/// A request whose handler commits its own steps, because a failure must still be saved (a wrong password counts
/// towards the lockout). It touches no citizen data.
/// </summary>
#pragma warning disable CA1040 // A marker read by the unit of work.
public interface ISelfCommittingRequest;
#pragma warning restore CA1040

/// <summary>
/// One transaction per request: the handler's changes, its audit rows, its outbox messages and the idempotent
/// result are saved together or not at all. Nothing half-written survives an error. Work that needs the commit
/// (scheduling) runs after it.
/// </summary>
internal sealed class UnitOfWorkBehaviour<TRequest, TResponse>(
    IAppDbContext db, IdempotencyScope idempotency, AfterCommit afterCommit, DomainEventDispatcher events, TimeProvider clock)
    : IPipelineBehavior<TRequest, TResponse>
    where TRequest : notnull
{
    public async Task<TResponse> Handle(TRequest request, RequestHandlerDelegate<TResponse> next, CancellationToken cancellationToken)
    {
        if (request is ISelfCommittingRequest)
        {
            return await next();
        }

        TResponse response;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            try
            {
                response = await next();
                await events.DispatchPending(cancellationToken); // the reactions to what changed, in this transaction
                idempotency.Claim?.Complete(JsonSerializer.Serialize(response, IdempotencyBehaviour<TRequest, TResponse>.Json), clock.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
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

        await afterCommit.Run(cancellationToken);
        return response;
    }

    private async Task Rollback(IDbContextTransaction transaction)
    {
        await transaction.RollbackAsync(CancellationToken.None);
        db.ChangeTracker.Clear();
        afterCommit.Discard();
    }
}
