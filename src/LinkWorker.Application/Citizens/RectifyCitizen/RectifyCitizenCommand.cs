using System.Text.Json.Serialization;
using FluentValidation;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Idempotency;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Citizens;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Citizens.RectifyCitizen;

/// <summary>
/// A coordinator corrects the citizen's name or contact details (GDPR art. 16). A field left out is kept, "" clears
/// it (not the name). Each changed field keeps its earlier value in the history, which the access record shows.
/// </summary>
[Authorize(Roles.Coordinator)]
public sealed record RectifyCitizenCommand(
    string? Name, string? Phone, string? Email, string? Street, string? Postcode, string? City, string? Reason)
    : IRequest<IReadOnlyList<RectificationView>>, ICitizenDataRequest, IIdempotentRequest
{
    [JsonIgnore]
    public Guid CitizenId { get; init; }

    [JsonIgnore]
    public string? IdempotencyKey { get; init; }
}

internal sealed class RectifyCitizenValidator : AbstractValidator<RectifyCitizenCommand>
{
    public RectifyCitizenValidator()
    {
        RuleFor(c => c.Reason).NotEmpty().WithMessage("Say why the data is corrected (for example: the citizen reported a new phone number).").MaximumLength(500);
        RuleFor(c => c.Name).Must(n => n is null || n.Trim().Length > 0).WithMessage("The name cannot be emptied.").MaximumLength(200);
        RuleFor(c => c.Phone).MaximumLength(30).Matches(@"^\+?[0-9 ]*$").WithMessage("A phone number has digits, spaces and an optional leading +.");
        RuleFor(c => c.Email).MaximumLength(254).EmailAddress().When(c => !string.IsNullOrEmpty(c.Email));
        RuleFor(c => c.Street).MaximumLength(200);
        RuleFor(c => c.Postcode).Matches("^[0-9]{4}$").WithMessage("A Danish postcode has four digits.").When(c => c.Postcode is not null);
        RuleFor(c => c.City).MaximumLength(100);
        RuleFor(c => c).Must(c => new[] { c.Name, c.Phone, c.Email, c.Street, c.Postcode, c.City }.Any(v => v is not null))
            .OverridePropertyName("name").WithMessage("Give at least one field to correct.");
    }
}

internal sealed class RectifyCitizenHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, TimeProvider clock)
    : IRequestHandler<RectifyCitizenCommand, IReadOnlyList<RectificationView>>
{
    public async ValueTask<IReadOnlyList<RectificationView>> Handle(RectifyCitizenCommand command, CancellationToken cancellationToken)
    {
        var citizen = await db.Citizens.SingleOrDefaultAsync(c => c.Id == command.CitizenId, cancellationToken)
            ?? throw new NotFoundException(nameof(Citizen));
        var correction = new CitizenCorrection(
            command.Name?.Trim(), command.Phone?.Trim(), command.Email?.Trim(), command.Street?.Trim(), command.Postcode?.Trim(), command.City?.Trim());
        var changes = citizen.Rectify(correction, command.Reason!.Trim(), user.RequiredUserId, clock.GetUtcNow());
        db.CitizenRectifications.AddRange(changes);
        audit.Record(nameof(Citizen), citizen.Id);
        return changes.Select(RectificationView.Of).ToList();
    }
}
