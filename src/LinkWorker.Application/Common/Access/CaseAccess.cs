using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Cases;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Common.Access;

/// <summary>
/// Which cases a caller may open: a coordinator any of the municipality's, a guide only those they hold (or held
/// when it closed). Anything else is "not found".
/// </summary>
internal static class CaseAccess
{
    public static IQueryable<Case> Visible(IAppDbContext db, ICurrentUser user) =>
        SeesEveryCase(user) ? db.Cases : db.Cases.Where(c => c.AssignedGuideId == user.RequiredUserId);

    /// <summary>A coordinator; anyone else sees only the cases assigned to them.</summary>
    public static bool SeesEveryCase(ICurrentUser user) => user.IsInRole(Roles.Coordinator);

    public static async Task<Case> Load(IAppDbContext db, ICurrentUser user, IAuditTrail audit, Guid caseId, CancellationToken cancellationToken)
    {
        var @case = await Visible(db, user).SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken)
            ?? throw new NotFoundException(nameof(Case));
        audit.Record(nameof(Case), @case.Id);
        return @case;
    }
}
