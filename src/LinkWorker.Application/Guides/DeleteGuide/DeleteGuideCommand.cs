using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Guides;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Guides.DeleteGuide;

/// <summary>Removes a guide's profile (the staff account stays). Refused while they hold open cases.</summary>
[Authorize(Roles.Coordinator)]
public sealed record DeleteGuideCommand(Guid GuideId) : IRequest<bool>;

internal sealed class DeleteGuideHandler(IAppDbContext db) : IRequestHandler<DeleteGuideCommand, bool>
{
    public async ValueTask<bool> Handle(DeleteGuideCommand command, CancellationToken cancellationToken)
    {
        var guide = await db.Guides.SingleOrDefaultAsync(g => g.Id == command.GuideId, cancellationToken)
            ?? throw new NotFoundException(nameof(Guide));
        var openCases = await db.Cases.CountAsync(c => c.AssignedGuideId == guide.Id && c.Status != CaseStatus.Closed, cancellationToken);
        if (openCases > 0)
        {
            throw new ConflictException($"The guide holds {openCases} open cases; reassign them first.");
        }

        if (await db.Guides.AnyAsync(g => g.Id != guide.Id, cancellationToken))
        {
            var covered = (await db.Guides.AsNoTracking().ToListAsync(cancellationToken))
                .Any(g => g.Absences.Any(a => a.CoveringGuideId == guide.Id));
            if (covered)
            {
                throw new ConflictException("The guide covers a colleague's absence; change that first.");
            }
        }

        db.Guides.Remove(guide);
        return true;
    }
}
