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

    public async Task<IReadOnlyList<Guid>> UsersInRole(string municipalityCode, string role, CancellationToken cancellationToken) =>
        await (from user in db.Users
               join userRole in db.UserRoles on user.Id equals userRole.UserId
               join r in db.Roles on userRole.RoleId equals r.Id
               where user.MunicipalityCode == municipalityCode && r.Name == role
               select user.Id).ToListAsync(cancellationToken);
}
