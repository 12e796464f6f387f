using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Infrastructure.Identity;

internal sealed class UserDirectory(LinkWorkerDbContext db, UserManager<ApplicationUser> users) : IUserDirectory
{
    public Task<string?> DisplayNameOf(Guid userId, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Id == userId).Select(u => (string?)u.DisplayName).SingleOrDefaultAsync(cancellationToken);

    public async Task<StaffAccount?> FindByUserName(string userName, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(userName);
        return user is null
            ? null
            : new StaffAccount(user.Id, user.UserName!, user.DisplayName, user.MunicipalityCode, [.. await users.GetRolesAsync(user)]);
    }
}
