using System.Text.Json.Serialization;
using FluentValidation;
using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Behaviours;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Metrics;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Consents;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Consents.WithdrawConsent;

/// <summary>The citizen withdraws a consent; it stops covering anything at once. Who, when and why are kept.</summary>
[Authorize(Roles.Guide)]
public sealed record WithdrawConsentCommand(string? Reason) : IRequest<ConsentView>, ICitizenDataRequest
{
    [JsonIgnore]
    public Guid CaseId { get; init; }

    [JsonIgnore]
    public Guid ConsentId { get; init; }
}

internal sealed class WithdrawConsentValidator : AbstractValidator<WithdrawConsentCommand>
{
    public WithdrawConsentValidator() =>
        RuleFor(c => c.Reason).NotEmpty().WithMessage("Say why (for example: the citizen asked on the phone).").MaximumLength(500);
}

internal sealed class WithdrawConsentHandler(
    IAppDbContext db, ICurrentUser user, IAuditTrail audit, TimeProvider clock, AfterCommit afterCommit, LinkWorkerMetrics metrics)
    : IRequestHandler<WithdrawConsentCommand, ConsentView>
{
    public async ValueTask<ConsentView> Handle(WithdrawConsentCommand command, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, command.CaseId, cancellationToken);
        var consent = await db.Consents.SingleOrDefaultAsync(c => c.Id == command.ConsentId && c.CaseId == @case.Id, cancellationToken)
            ?? throw new NotFoundException(nameof(Consent));
        var now = clock.GetUtcNow();
        consent.Withdraw(user.RequiredUserId, command.Reason!.Trim(), now); // check-ins stop on ConsentWithdrawn
        audit.Record(nameof(Consent), consent.Id);
        afterCommit.Add(() => metrics.ConsentWithdrawn(@case.MunicipalityCode));

        return ConsentView.Of(consent, now);
    }
}
