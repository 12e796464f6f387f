using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Infrastructure.Identity;

internal sealed class UserDirectory(LinkWorkerDbContext db) : IUserDirectory
{
    public Task<string?> DisplayNameOf(Guid userId, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Id == userId).Select(u => (string?)u.DisplayName).SingleOrDefaultAsync(cancellationToken);
}
