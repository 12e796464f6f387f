using System.Data.Common;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Events;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Idempotency;
using LinkWorker.Application.Common.Interfaces;
using Mediator;
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
/// One transaction per request: the handler's changes, its audit rows, its outbox messages and the idempotent
/// result are saved together or not at all. Nothing half-written survives an error. Work that needs the commit
/// (scheduling) runs after it.
/// </summary>
internal sealed class UnitOfWorkBehaviour<TRequest, TResponse>(
    IAppDbContext db, IUnitOfWorkTransactions transactions, AfterCommit afterCommit, DomainEventDispatcher events, AuditTrail trail,
    IdempotencyScope idempotency)
    : IPipelineBehavior<TRequest, TResponse>
    where TRequest : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TRequest request, MessageHandlerDelegate<TRequest, TResponse> next, CancellationToken cancellationToken)
    {
        if (request is ISelfCommittingRequest)
        {
            return await next(request, cancellationToken);
        }

        // A failed statement is never caught and continued inside the transaction (ADR 3, ADR 35), so EF's automatic
        // savepoint before each save is a round trip for nothing (issue 18).
        db.Database.AutoSavepointsEnabled = false;
        for (var attempt = 1; ; attempt++)
        {
            TResponse response;
            await using (var transaction = await transactions.BeginAsync(cancellationToken))
            {
                try
                {
                    // The idempotency key's record is saved in this transaction with the work (ADR 3, ADR 35).
                    response = await next(request, cancellationToken);
                    await events.DispatchPending(cancellationToken); // the reactions to what changed, in this transaction (ADR 18)
                    await db.SaveChangesAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                }
                catch (DbUpdateConcurrencyException) when (attempt > 1 || idempotency.Claim is null)
                {
                    await Rollback(transaction);
                    throw new ConflictException("Someone else changed this record at the same time; reload it and try again.");
                }
                catch (ConflictException) when (attempt == 1 && idempotency.Claim is not null)
                {
                    // A double-submitted form whose twin committed after this request looked its key up but before
                    // it read the row: the handler saw the twin's version. Done once more, the key replays the twin;
                    // a stale form without a twin meets the same conflict again.
                    await Rollback(transaction);
                    trail.DiscardPending();
                    idempotency.Claim = null;
                    continue;
                }
                catch (DbUpdateException ex) when (attempt == 1 && idempotency.Claim is not null
                    && (ex is DbUpdateConcurrencyException || db.IsUniqueViolation(ex)))
                {
                    // A double-submitted form: the first request changed the row this one read (its version).

                    // A request with the same key saved first (its record is the unique row this save hit), or a row
                    // this request meant to create (the citizen) appeared meanwhile. Done once more, the work now
                    // replays that request's answer, or finds the row.
                    await Rollback(transaction);
                    trail.DiscardPending();
                    idempotency.Claim = null;
                    continue;
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
    }

    private async Task Rollback(IUnitOfWorkTransaction transaction)
    {
        db.ChangeTracker.Clear();
        afterCommit.Discard();
        try
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or ObjectDisposedException)
        {
            // The connection broke (the database went away): the server rolls the transaction back itself. The
            // original failure is what the caller must see (503), not this one.
        }
    }
}
