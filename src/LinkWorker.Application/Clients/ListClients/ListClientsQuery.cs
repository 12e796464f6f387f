using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;

namespace LinkWorker.Application.Clients.ListClients;

/// <summary>Administrators: the system clients of their municipality (never their secrets).</summary>
[Authorize(Roles.Administrator)]
public sealed record ListClientsQuery : IRequest<IReadOnlyList<ClientSummary>>;

internal sealed class ListClientsHandler(ICurrentUser user, IClientRegistry clients) : IRequestHandler<ListClientsQuery, IReadOnlyList<ClientSummary>>
{
    public Task<IReadOnlyList<ClientSummary>> Handle(ListClientsQuery query, CancellationToken cancellationToken) =>
        clients.ListAsync(user.RequiredMunicipalityCode, cancellationToken);
}
