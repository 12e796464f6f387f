using FluentValidation;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Municipalities.GetSettings;
using LinkWorker.Domain.FollowUps;
using LinkWorker.Domain.Municipalities;
using LinkWorker.Domain.Outcomes;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Municipalities.UpdateSettings;

[Authorize(Roles.Coordinator, Roles.Administrator)]
/// <summary>Changes the municipality's rules; fields left out keep their value.</summary>
public sealed record UpdateSettingsCommand(
    int? FirstContactWorkingDays, int? UnreachableAfterAttempts, int? EscalateFollowUpsAfterDays = null,
    int? TilsModerateFrom = null, int? TilsSevereFrom = null, IReadOnlyList<FollowUpPlan>? FollowUpPlans = null,
    int? OfferStaleAfterMonths = null, int? PersonalDataRetentionMonths = null) : IRequest<MunicipalitySettings>;

internal sealed class UpdateSettingsValidator : AbstractValidator<UpdateSettingsCommand>
{
    public UpdateSettingsValidator()
    {
        RuleFor(c => c.FirstContactWorkingDays).InclusiveBetween(1, 60);
        RuleFor(c => c.UnreachableAfterAttempts).InclusiveBetween(1, 20);
        RuleFor(c => c.EscalateFollowUpsAfterDays).InclusiveBetween(1, 60);
        RuleFor(c => c.TilsModerateFrom).InclusiveBetween(4, 8);
        RuleFor(c => c.TilsSevereFrom).InclusiveBetween(5, 9);
        RuleFor(c => c.OfferStaleAfterMonths).InclusiveBetween(1, 60);
        RuleFor(c => c.PersonalDataRetentionMonths).InclusiveBetween(6, 120)
            .WithMessage("Personal data is kept 6–120 months after the citizen's last case closed (the default is 60: ADR 27).");
        RuleForEach(c => c.FollowUpPlans).Must(p => !string.IsNullOrWhiteSpace(p.Name) && p.Steps.Count > 0 && p.Steps.All(s => s.AfterDays is >= 0 and <= 730))
            .WithMessage("A plan has a name and 1 or more steps, each 0–730 days after the start.");
    }
}

internal sealed class UpdateSettingsHandler(IAppDbContext db, ICurrentUser user) : IRequestHandler<UpdateSettingsCommand, MunicipalitySettings>
{
    public async ValueTask<MunicipalitySettings> Handle(UpdateSettingsCommand command, CancellationToken cancellationToken)
    {
        var m = await db.Municipalities.SingleOrDefaultAsync(m => m.Code == user.RequiredMunicipalityCode, cancellationToken)
            ?? throw new NotFoundException(nameof(Municipality));
        m.Configure(command.FirstContactWorkingDays ?? m.FirstContactWorkingDays, command.UnreachableAfterAttempts ?? m.UnreachableAfterAttempts);
        m.ConfigureFollowUps(command.EscalateFollowUpsAfterDays ?? m.EscalateFollowUpsAfterDays, command.FollowUpPlans ?? m.FollowUpPlans);
        var cutoffs = new TilsCutoffs(command.TilsModerateFrom ?? m.TilsModerateFrom, command.TilsSevereFrom ?? m.TilsSevereFrom);
        if (!cutoffs.IsValid)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["tilsSevereFrom"] = ["The severe cut-off must be above the moderate one, and at most 9."],
            });
        }

        m.ConfigureTils(cutoffs);
        m.ConfigureDirectory(command.OfferStaleAfterMonths ?? m.OfferStaleAfterMonths);
        m.ConfigureRetention(command.PersonalDataRetentionMonths ?? m.PersonalDataRetentionMonths);
        return MunicipalitySettings.Of(m);
    }
}
