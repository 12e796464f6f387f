using System.Text.Json.Serialization;
using FluentValidation;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Guides;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Guides.UpdateGuide;

/// <summary>Replaces a guide's profile. Version is the one the coordinator read: a stale edit is refused (409).</summary>
[Authorize(Roles.Coordinator)]
public sealed record UpdateGuideCommand(GuideProfileInput? Profile, int? Version) : IRequest<GuideView>
{
    [JsonIgnore]
    public Guid GuideId { get; init; }
}

internal sealed class UpdateGuideValidator : AbstractValidator<UpdateGuideCommand>
{
    public UpdateGuideValidator()
    {
        RuleFor(c => c.Profile).NotNull().SetValidator(new GuideProfileInputValidator()!);
        RuleFor(c => c.Version).NotNull().WithMessage("Send the version you read, so that a newer edit is not overwritten.");
    }
}

internal sealed class UpdateGuideHandler(IAppDbContext db) : IRequestHandler<UpdateGuideCommand, GuideView>
{
    public async ValueTask<GuideView> Handle(UpdateGuideCommand command, CancellationToken cancellationToken)
    {
        var guide = await db.Guides.SingleOrDefaultAsync(g => g.Id == command.GuideId, cancellationToken)
            ?? throw new NotFoundException(nameof(Guide));
        if (guide.Version != command.Version)
        {
            throw new ConflictException($"The guide was changed since you read it (version {guide.Version}); reload and try again.");
        }

        guide.Update(await GuideProfiles.ToProfile(db, command.Profile!, guide.DisplayName, guide.Id, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        return await GuideProfiles.ViewOf(db, guide, cancellationToken);
    }
}
