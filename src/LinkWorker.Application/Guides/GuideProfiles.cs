using FluentValidation;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Domain.Guides;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Guides;

internal static class GuideProfiles
{
    /// <summary>Checks what only the database knows (districts and covering guides of this municipality).</summary>
    public static async Task<GuideProfile> ToProfile(
        IAppDbContext db, GuideProfileInput input, string displayName, Guid guideId, CancellationToken cancellationToken)
    {
        var districts = input.Districts ?? [];
        var known = await db.Districts.Where(d => districts.Contains(d.Id)).Select(d => d.Id).ToListAsync(cancellationToken);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (districts.Except(known).Any())
        {
            errors["districts"] = ["Every district must be one of this municipality's districts."];
        }

        var covers = (input.Absences ?? []).Select(a => a.CoveringGuideId).OfType<Guid>().Distinct().ToList();
        var knownCovers = await db.Guides.Where(g => covers.Contains(g.Id)).Select(g => g.Id).ToListAsync(cancellationToken);
        if (covers.Except(knownCovers).Any() || covers.Contains(guideId))
        {
            errors["absences"] = ["A covering guide must be another guide of this municipality."];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        return new GuideProfile(
            displayName, input.Capacity!.Value, districts, input.Languages ?? ["da"], input.Specialties ?? [], input.Employer ?? GuideEmployer.Municipality,
            input.IsVolunteer, input.IsActive ?? true, input.Absences ?? []);
    }

    public static async Task<GuideView> ViewOf(IAppDbContext db, Guide guide, CancellationToken cancellationToken)
    {
        var names = await db.Districts.Where(d => guide.Districts.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        return View(guide, names);
    }

    public static GuideView View(Guide g, IReadOnlyDictionary<Guid, string> districtNames) => new(
        g.Id, g.DisplayName, g.Capacity, g.ActiveCaseCount,
        g.Districts.Select(d => new DistrictRef(d, districtNames.GetValueOrDefault(d, "?"))).ToList(),
        g.Languages, g.Specialties, g.Employer, g.IsVolunteer, g.IsActive, g.Absences, g.Version);
}

internal sealed class GuideProfileInputValidator : AbstractValidator<GuideProfileInput>
{
    public GuideProfileInputValidator()
    {
        RuleFor(p => p.Capacity).NotNull().WithMessage("Say how many open cases the guide takes.").InclusiveBetween(0, 200);
        RuleForEach(p => p.Languages).Matches("^[a-z]{2}$").WithMessage("Use two-letter ISO 639-1 language codes such as \"da\" or \"ar\".");
        RuleForEach(p => p.Specialties).IsInEnum();
        RuleFor(p => p.Employer).IsInEnum();
        RuleForEach(p => p.Absences).Must(a => a.From <= a.To).WithMessage("An absence must end on or after its first day.");
    }
}
