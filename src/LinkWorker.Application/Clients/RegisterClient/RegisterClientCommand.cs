using System.Text.Json;
using FluentValidation;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Organisations;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Clients.RegisterClient;

/// <summary>
/// Administrators register a referring system of an organisation in their municipality. Without <c>publicJwk</c> the
/// answer holds the client secret — the only time it is shown; with one the system signs client assertions
/// (private_key_jwt, RFC 7523) with its private key.
/// </summary>
[Authorize(Roles.Administrator)]
public sealed record RegisterClientCommand(string? DisplayName, Guid? OrganisationId, JsonElement? PublicJwk) : IRequest<RegisterClientResult>, IAuditedRequest;

public sealed record RegisterClientResult(Guid Id, string ClientId, string? ClientSecret, ClientAuthentication Authentication, string TokenEndpoint = "/connect/token");

internal sealed class RegisterClientValidator : AbstractValidator<RegisterClientCommand>
{
    public RegisterClientValidator()
    {
        RuleFor(c => c.DisplayName).NotEmpty().MaximumLength(200);
        RuleFor(c => c.OrganisationId).NotEmpty();
        RuleFor(c => c.PublicJwk)
            .Must(jwk => jwk is null || jwk.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Null)
            .WithMessage("'publicJwk' must be a JSON Web Key object.");
    }
}

internal sealed class RegisterClientHandler(IAppDbContext db, ICurrentUser user, IClientRegistry clients, IAuditTrail audit)
    : IRequestHandler<RegisterClientCommand, RegisterClientResult>
{
    public async ValueTask<RegisterClientResult> Handle(RegisterClientCommand command, CancellationToken cancellationToken)
    {
        // The query filter keeps other municipalities' organisations out of reach.
        var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Id == command.OrganisationId, cancellationToken)
            ?? throw new NotFoundException(nameof(Organisation));
        var jwk = command.PublicJwk is { ValueKind: JsonValueKind.Object } element ? element.GetRawText() : null;

        ClientRegistration registration;
        try
        {
            registration = await clients.RegisterAsync(
                new NewClient(command.DisplayName!.Trim(), organisation.Id, user.RequiredMunicipalityCode, jwk), cancellationToken);
        }
        catch (InvalidClientKeyException ex)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["publicJwk"] = [ex.Message] });
        }

        audit.Record("Client", registration.Id);
        return new RegisterClientResult(
            registration.Id, registration.ClientId, registration.ClientSecret, jwk is null ? ClientAuthentication.ClientSecret : ClientAuthentication.PrivateKeyJwt);
    }
}
