using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Application.Clients.DisableClient;

/// <summary>Administrators: a system client of their municipality gets no more tokens, and the ones it holds are revoked.</summary>
[Authorize(Roles.Administrator)]
public sealed record DisableClientCommand(string ClientId) : IRequest<bool>, IAuditedRequest;

internal sealed class DisableClientHandler(ICurrentUser user, IClientRegistry clients, IAuditTrail audit) : IRequestHandler<DisableClientCommand, bool>
{
    public async ValueTask<bool> Handle(DisableClientCommand command, CancellationToken cancellationToken)
    {
        var client = await ClientsOfMine.Find(clients, user, command.ClientId, cancellationToken);
        await clients.DisableAsync(client.ClientId, cancellationToken);
        audit.Record("Client", client.Id);
        return true;
    }
}
