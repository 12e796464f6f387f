using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using Mediator;

namespace LinkWorker.Application.Common.Behaviours;

/// <summary>
/// Outermost step for citizen-data requests: names the action, and makes sure every access leaves an audit row —
/// a successful one that found nothing, and a denied one (wrong role, not the caller's) after the work rolled back.
/// </summary>
internal sealed class AuditBehaviour<TRequest, TResponse>(AuditTrail trail, IAppDbContext db)
    : IPipelineBehavior<TRequest, TResponse>
    where TRequest : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TRequest request, MessageHandlerDelegate<TRequest, TResponse> next, CancellationToken cancellationToken)
    {
        if (request is not (ICitizenDataRequest or IAuditedRequest))
        {
            return await next(request, cancellationToken);
        }

        trail.Begin(RequestNames.Of(request));
        TResponse response;
        try
        {
            response = await next(request, cancellationToken);
        }
        catch (Exception ex) when (ex is ForbiddenException or NotFoundException)
        {
            trail.DiscardPending();
            trail.Add(EntityOf(ex), null, AuditOutcome.Denied);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }

        if (!trail.AnyRecorded)
        {
            // A search that matched nothing is still an access.
            trail.Record(RequestNames.SubjectOf(request), null);
            await db.SaveChangesAsync(cancellationToken);
        }

        return response;
    }

    private static string EntityOf(Exception ex) => ex is NotFoundException notFound ? notFound.Entity : "Request";
}
