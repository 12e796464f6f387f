using System.Text.Json.Serialization;
using FluentValidation;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Idempotency;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Citizens.FileRightsRequest;

/// <summary>
/// A coordinator files the citizen's request for erasure, restriction or the end of a restriction, with the reason
/// (the ground in law). Nothing happens until a different coordinator approves it (ADR 27).
/// </summary>
[Authorize(Roles.Coordinator)]
public sealed record FileRightsRequestCommand(RightsRequestKind? Kind, string? Reason) : IRequest<RightsRequestView>, ICitizenDataRequest, IIdempotentRequest
{
    [JsonIgnore]
    public Guid CitizenId { get; init; }

    [JsonIgnore]
    public string? IdempotencyKey { get; init; }
}

internal sealed class FileRightsRequestValidator : AbstractValidator<FileRightsRequestCommand>
{
    public FileRightsRequestValidator()
    {
        RuleFor(c => c.Kind).NotNull().WithMessage("Choose Erasure, Restriction or LiftRestriction.").IsInEnum();
        RuleFor(c => c.Reason).NotEmpty().WithMessage("Give the reason and its ground in law (for example: GDPR art. 17(1)(b), the citizen withdrew consent).")
            .MaximumLength(1000);
    }
}

internal sealed class FileRightsRequestHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, TimeProvider clock)
    : IRequestHandler<FileRightsRequestCommand, RightsRequestView>
{
    public async ValueTask<RightsRequestView> Handle(FileRightsRequestCommand command, CancellationToken cancellationToken)
    {
        var citizen = await db.Citizens.AsNoTracking().SingleOrDefaultAsync(c => c.Id == command.CitizenId, cancellationToken)
            ?? throw new NotFoundException(nameof(Citizen));
        audit.Record(nameof(Citizen), citizen.Id);
        var kind = command.Kind!.Value;
        if (citizen.IsErased)
        {
            throw new DomainRuleException("The citizen's personal data has been erased already.");
        }

        if (kind == RightsRequestKind.Erasure && await CitizenErasure.HasOpenCase(db, citizen.Id, cancellationToken))
        {
            throw new DomainRuleException("The citizen has an open case: close it first (the law allows erasure of a course that has ended).");
        }

        if (kind == RightsRequestKind.Restriction && citizen.IsRestricted)
        {
            throw new DomainRuleException("Processing is restricted already.");
        }

        if (kind == RightsRequestKind.LiftRestriction && !citizen.IsRestricted)
        {
            throw new DomainRuleException("Processing is not restricted.");
        }

        if (await db.RightsRequests.AnyAsync(r => r.CitizenId == citizen.Id && r.Kind == kind && r.Status == RightsRequestStatus.Pending, cancellationToken))
        {
            throw new ConflictException("A request of this kind waits for a decision already.");
        }

        var request = new RightsRequest(
            Guid.CreateVersion7(clock.GetUtcNow()), citizen.MunicipalityCode, citizen.Id, kind, command.Reason!.Trim(), user.RequiredUserId, clock.GetUtcNow());
        db.RightsRequests.Add(request);
        audit.Record(nameof(RightsRequest), request.Id);
        return RightsRequestView.Of(request);
    }
}
