using FluentValidation;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Municipalities.GetSettings;
using LinkWorker.Domain.Municipalities;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Municipalities.UpdateSettings;

[Authorize(Roles.Coordinator, Roles.Administrator)]
public sealed record UpdateSettingsCommand(int? FirstContactWorkingDays, int? UnreachableAfterAttempts) : IRequest<MunicipalitySettings>;

internal sealed class UpdateSettingsValidator : AbstractValidator<UpdateSettingsCommand>
{
    public UpdateSettingsValidator()
    {
        RuleFor(c => c.FirstContactWorkingDays).NotNull().InclusiveBetween(1, 60);
        RuleFor(c => c.UnreachableAfterAttempts).NotNull().InclusiveBetween(1, 20);
    }
}

internal sealed class UpdateSettingsHandler(IAppDbContext db, ICurrentUser user) : IRequestHandler<UpdateSettingsCommand, MunicipalitySettings>
{
    public async Task<MunicipalitySettings> Handle(UpdateSettingsCommand command, CancellationToken cancellationToken)
    {
        var m = await db.Municipalities.SingleOrDefaultAsync(m => m.Code == user.RequiredMunicipalityCode, cancellationToken)
            ?? throw new NotFoundException(nameof(Municipality));
        m.Configure(command.FirstContactWorkingDays!.Value, command.UnreachableAfterAttempts!.Value);
        return new MunicipalitySettings(m.Code, m.Name, m.FirstContactWorkingDays, m.UnreachableAfterAttempts);
    }
}
