using FluentValidation;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Application.Accounts.ChangeOwnPassword;

/// <summary>
/// A person changes their own password: the current one, and a new one that meets Identity's rules and is not on
/// the common-password list (ADR 0019). Also the sign-in page's step after a one-time password. Audited; neither
/// password is ever logged or stored in the audit trail.
/// </summary>
[Authorize]
public sealed record ChangeOwnPasswordCommand(string? CurrentPassword, string? NewPassword) : IRequest<bool>, IAuditedRequest
{
    /// <summary>Never print the passwords (logs, exceptions, the debugger).</summary>
    public override string ToString() => nameof(ChangeOwnPasswordCommand);
}

internal sealed class ChangeOwnPasswordValidator : AbstractValidator<ChangeOwnPasswordCommand>
{
    public ChangeOwnPasswordValidator()
    {
        RuleFor(c => c.CurrentPassword).NotEmpty().MaximumLength(256);
        RuleFor(c => c.NewPassword).NotEmpty().MaximumLength(256)
            .NotEqual(c => c.CurrentPassword).WithMessage("Vælg en anden adgangskode end den nuværende. / Choose a password other than the current one.");
    }
}

internal sealed class ChangeOwnPasswordHandler(ICurrentUser user, IAccountStore accounts, IAuditTrail audit) : IRequestHandler<ChangeOwnPasswordCommand, bool>
{
    public async ValueTask<bool> Handle(ChangeOwnPasswordCommand command, CancellationToken cancellationToken)
    {
        if (user.SystemClientId is not null || await accounts.FindAsync(user.RequiredUserId, user.RequiredMunicipalityCode, cancellationToken) is null)
        {
            throw new NotFoundException(AccountRules.Entity);
        }

        var errors = await accounts.ChangePasswordAsync(user.RequiredUserId, command.CurrentPassword!, command.NewPassword!, cancellationToken);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        audit.Record(AccountRules.Entity, user.RequiredUserId);
        return true;
    }
}
