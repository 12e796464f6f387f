using System.Text.Json.Serialization;
using FluentValidation;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Districts;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Districts.SaveDistrict;

/// <summary>Creates a district (no id) or replaces one (id and the version read). A postcode is in one district only.</summary>
[Authorize(Roles.Coordinator)]
public sealed record SaveDistrictCommand(string? Name, IReadOnlyList<string>? Postcodes, int? Version) : IRequest<DistrictView>
{
    [JsonIgnore]
    public Guid? DistrictId { get; init; }
}

internal sealed class SaveDistrictValidator : AbstractValidator<SaveDistrictCommand>
{
    public SaveDistrictValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(100);
        RuleFor(c => c.Postcodes).NotEmpty().WithMessage("A district has at least one postcode.");
        RuleForEach(c => c.Postcodes).Matches("^[0-9]{4}$").WithMessage("A Danish postcode has four digits.");
        RuleFor(c => c.Version).NotNull().When(c => c.DistrictId is not null)
            .WithMessage("Send the version you read, so that a newer edit is not overwritten.");
    }
}

internal sealed class SaveDistrictHandler(IAppDbContext db, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<SaveDistrictCommand, DistrictView>
{
    public async ValueTask<DistrictView> Handle(SaveDistrictCommand command, CancellationToken cancellationToken)
    {
        var others = await db.Districts.Where(d => d.Id != command.DistrictId).ToListAsync(cancellationToken);
        var taken = others.SelectMany(d => d.Postcodes.Intersect(command.Postcodes!).Select(p => $"{p} ({d.Name})")).ToList();
        if (taken.Count > 0)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["postcodes"] = [$"Already in another district: {string.Join(", ", taken)}."],
            });
        }

        if (others.Any(d => string.Equals(d.Name, command.Name!.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["name"] = ["Another district has that name."] });
        }

        District district;
        if (command.DistrictId is { } id)
        {
            district = await db.Districts.SingleOrDefaultAsync(d => d.Id == id, cancellationToken) ?? throw new NotFoundException(nameof(District));
            if (district.Version != command.Version)
            {
                throw new ConflictException($"The district was changed since you read it (version {district.Version}); reload and try again.");
            }

            district.Update(command.Name!.Trim(), command.Postcodes!);
        }
        else
        {
            district = new District(Guid.CreateVersion7(clock.GetUtcNow()), user.RequiredMunicipalityCode, command.Name!.Trim(), command.Postcodes!);
            db.Districts.Add(district);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new DistrictView(district.Id, district.Name, district.Postcodes, district.Version);
    }
}
