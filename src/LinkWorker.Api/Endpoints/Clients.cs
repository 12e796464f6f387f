using LinkWorker.Application.Clients;
using LinkWorker.Application.Clients.DisableClient;
using LinkWorker.Application.Clients.ListClients;
using LinkWorker.Application.Clients.RegisterClient;
using LinkWorker.Application.Clients.RotateClientSecret;
using Mediator;

namespace LinkWorker.Api.Endpoints;

/// <summary>Administrators register referring systems as OAuth clients of the embedded server (ADR 0013).</summary>
internal sealed class Clients : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var clients = app.MapGroup("/api/admin/clients").WithTags("Clients").RequireAuthorization();

        clients.MapPost("", async (RegisterClientCommand command, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(command, ct);
                return TypedResults.Created($"/api/admin/clients/{result.ClientId}", result);
            })
            .WithSummary("Registers an organisation's system: the client secret is in this answer only (or send publicJwk for private_key_jwt).");
        clients.MapGet("", (ISender sender, CancellationToken ct) => sender.Send(new ListClientsQuery(), ct))
            .WithSummary("The municipality's system clients (never their secrets).")
            .Produces<IReadOnlyList<ClientSummary>>();
        clients.MapPost("/{clientId}/secret", (string clientId, ISender sender, CancellationToken ct) => sender.Send(new RotateClientSecretCommand(clientId), ct))
            .WithSummary("A new client secret, shown once; the old one stops working at once.");
        clients.MapPost("/{clientId}/disable", async (string clientId, ISender sender, CancellationToken ct) =>
        {
            await sender.Send(new DisableClientCommand(clientId), ct);
            return TypedResults.NoContent();
        })
            .WithSummary("The client gets no more tokens and the ones it holds are revoked.");
    }
}
