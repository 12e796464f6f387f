using System.Text.Json.Serialization;
using FluentValidation;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Citizens.DecideRightsRequest;

/// <summary>
/// A second coordinator approves or rejects an erasure or restriction request; the one who filed it cannot. An
/// approved erasure erases at once (as the retention job does); a restriction takes effect at once.
/// </summary>
[Authorize(Roles.Coordinator)]
public sealed record DecideRightsRequestCommand(bool? Approve, string? Note) : IRequest<RightsRequestView>, ICitizenDataRequest
{
    [JsonIgnore]
    public Guid RequestId { get; init; }
}

internal sealed class DecideRightsRequestValidator : AbstractValidator<DecideRightsRequestCommand>
{
    public DecideRightsRequestValidator()
    {
        RuleFor(c => c.Approve).NotNull().WithMessage("Say whether the request is approved (true) or rejected (false).");
        RuleFor(c => c.Note).MaximumLength(1000);
        RuleFor(c => c.Note).NotEmpty().When(c => c.Approve == false).WithMessage("Say why the request is rejected.");
    }
}

internal sealed class DecideRightsRequestHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, TimeProvider clock)
    : IRequestHandler<DecideRightsRequestCommand, RightsRequestView>
{
    public async ValueTask<RightsRequestView> Handle(DecideRightsRequestCommand command, CancellationToken cancellationToken)
    {
        var request = await db.RightsRequests.SingleOrDefaultAsync(r => r.Id == command.RequestId, cancellationToken)
            ?? throw new NotFoundException(nameof(RightsRequest));
        if (request.RequestedBy == user.RequiredUserId)
        {
            // Refused before anything is read or changed; the audit behaviour records the denial.
            throw new ForbiddenException("A different coordinator than the one who filed the request must decide it.");
        }

        var citizen = await db.Citizens.SingleAsync(c => c.Id == request.CitizenId, cancellationToken);
        var now = clock.GetUtcNow();
        var approve = command.Approve!.Value;
        if (approve && request.Kind == RightsRequestKind.Erasure && await CitizenErasure.HasOpenCase(db, citizen.Id, cancellationToken))
        {
            throw new DomainRuleException("The citizen has an open case again: close it before the erasure is approved.");
        }

        request.Decide(approve, command.Note?.Trim(), user.RequiredUserId, now);
        audit.Record(nameof(RightsRequest), request.Id);
        if (approve)
        {
            switch (request.Kind)
            {
                case RightsRequestKind.Erasure:
                    await CitizenErasure.Erase(db, audit, citizen, now, cancellationToken);
                    break;
                case RightsRequestKind.Restriction:
                    citizen.Restrict(now);
                    audit.Record(nameof(Citizen), citizen.Id);
                    break;
                case RightsRequestKind.LiftRestriction:
                    citizen.LiftRestriction();
                    audit.Record(nameof(Citizen), citizen.Id);
                    break;
            }
        }

        return RightsRequestView.Of(request);
    }
}
