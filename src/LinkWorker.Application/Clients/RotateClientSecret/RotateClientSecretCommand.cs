using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Application.Clients.RotateClientSecret;

/// <summary>Administrators: a new secret for a system client of their municipality; the old one stops working at once.</summary>
[Authorize(Roles.Administrator)]
public sealed record RotateClientSecretCommand(string ClientId) : IRequest<RotateClientSecretResult>, IAuditedRequest;

public sealed record RotateClientSecretResult(string ClientId, string ClientSecret);

internal sealed class RotateClientSecretHandler(ICurrentUser user, IClientRegistry clients, IAuditTrail audit)
    : IRequestHandler<RotateClientSecretCommand, RotateClientSecretResult>
{
    public async ValueTask<RotateClientSecretResult> Handle(RotateClientSecretCommand command, CancellationToken cancellationToken)
    {
        var client = await ClientsOfMine.Find(clients, user, command.ClientId, cancellationToken);
        if (client.Authentication != ClientAuthentication.ClientSecret)
        {
            throw new ConflictException("The client signs its assertions with a key; it has no secret to rotate.");
        }

        var secret = await clients.RotateSecretAsync(client.ClientId, cancellationToken);
        audit.Record("Client", client.Id);
        return new RotateClientSecretResult(client.ClientId, secret);
    }
}
