using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Domain.Guides;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Guides.UpdateGuide;

internal sealed class UpdateGuideHandler(IAppDbContext db) : IRequestHandler<UpdateGuideCommand, GuideView>
{
    public async Task<GuideView> Handle(UpdateGuideCommand command, CancellationToken cancellationToken)
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
