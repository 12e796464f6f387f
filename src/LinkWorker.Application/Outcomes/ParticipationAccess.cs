using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Domain.Outcomes;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Outcomes;

/// <summary>A case's participation (match) for a change: it must belong to the case, and to the version the caller read.</summary>
internal static class ParticipationAccess
{
    public static async Task<CommunityParticipation> Load(IAppDbContext db, Guid caseId, Guid participationId, int? version, CancellationToken cancellationToken)
    {
        var participation = await db.CommunityParticipations.SingleOrDefaultAsync(p => p.Id == participationId && p.CaseId == caseId, cancellationToken)
            ?? throw new NotFoundException("Match");
        if (version is { } read && participation.Version != read)
        {
            throw new ConflictException($"The match was changed since you read it (version {participation.Version}).");
        }

        return participation;
    }
}
