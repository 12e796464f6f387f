using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Security;

namespace LinkWorker.Application.Clients;

internal static class ClientsOfMine
{
    /// <summary>The client, if it belongs to the caller's municipality; another municipality's client is not found.</summary>
    public static async Task<ClientSummary> Find(IClientRegistry clients, ICurrentUser user, string clientId, CancellationToken cancellationToken)
    {
        var client = await clients.FindAsync(clientId, cancellationToken);
        return client is not null && client.MunicipalityCode == user.MunicipalityCode
            ? client
            : throw new NotFoundException("Client");
    }
}
