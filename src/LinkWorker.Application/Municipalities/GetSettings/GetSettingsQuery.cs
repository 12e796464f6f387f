using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.FollowUps;
using LinkWorker.Domain.Municipalities;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Municipalities.GetSettings;

/// <summary>The caller's municipality's own rules (first-contact deadline, unreachable after N attempts).</summary>
[Authorize(Roles.Coordinator, Roles.Administrator)]
public sealed record GetSettingsQuery : IRequest<MunicipalitySettings>;

public sealed record MunicipalitySettings(
    string Code, string Name, int FirstContactWorkingDays, int UnreachableAfterAttempts, int EscalateFollowUpsAfterDays,
    int TilsModerateFrom, int TilsSevereFrom, IReadOnlyList<FollowUpPlan> FollowUpPlans, int OfferStaleAfterMonths,
    int PersonalDataRetentionMonths = Municipality.DefaultRetentionMonths)
{
    internal static MunicipalitySettings Of(Municipality m) => new(
        m.Code, m.Name, m.FirstContactWorkingDays, m.UnreachableAfterAttempts, m.EscalateFollowUpsAfterDays,
        m.TilsModerateFrom, m.TilsSevereFrom, m.EffectiveFollowUpPlans, m.OfferStaleAfterMonths,
        m.PersonalDataRetentionMonths);
}

internal sealed class GetSettingsHandler(IAppDbContext db, ICurrentUser user) : IRequestHandler<GetSettingsQuery, MunicipalitySettings>
{
    public async ValueTask<MunicipalitySettings> Handle(GetSettingsQuery query, CancellationToken cancellationToken)
    {
        var m = await db.Municipalities.AsNoTracking().SingleOrDefaultAsync(m => m.Code == user.RequiredMunicipalityCode, cancellationToken)
            ?? throw new NotFoundException(nameof(Municipality));
        return MunicipalitySettings.Of(m);
    }
}
