using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Application.Clients.ListClients;

/// <summary>Administrators: the system clients of their municipality (never their secrets).</summary>
[Authorize(Roles.Administrator)]
public sealed record ListClientsQuery : IRequest<IReadOnlyList<ClientSummary>>;

internal sealed class ListClientsHandler(ICurrentUser user, IClientRegistry clients) : IRequestHandler<ListClientsQuery, IReadOnlyList<ClientSummary>>
{
    public ValueTask<IReadOnlyList<ClientSummary>> Handle(ListClientsQuery query, CancellationToken cancellationToken) =>
        new(clients.ListAsync(user.RequiredMunicipalityCode, cancellationToken));
}
