using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Guides;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Guides.GetGuide;

[Authorize(Roles.Coordinator)]
public sealed record GetGuideQuery(Guid GuideId) : IRequest<GuideView>;

internal sealed class GetGuideHandler(IAppDbContext db) : IRequestHandler<GetGuideQuery, GuideView>
{
    public async ValueTask<GuideView> Handle(GetGuideQuery query, CancellationToken cancellationToken)
    {
        var guide = await db.Guides.AsNoTracking().SingleOrDefaultAsync(g => g.Id == query.GuideId, cancellationToken)
            ?? throw new NotFoundException(nameof(Guide));
        return await GuideProfiles.ViewOf(db, guide, cancellationToken);
    }
}
