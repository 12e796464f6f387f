using LinkWorker.Application.Auth;
using Microsoft.AspNetCore.Identity;

namespace LinkWorker.Infrastructure.Identity;

/// <summary>ASP.NET Core Identity's password check and lockout (5 wrong passwords lock for 15 minutes).</summary>
internal sealed class AccountSignIn(UserManager<ApplicationUser> users) : IAccountSignIn
{
    public async Task<SignedInAccount?> CheckPasswordAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(userName);
        if (user is null || await users.IsLockedOutAsync(user))
        {
            return null;
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            await users.AccessFailedAsync(user);
            return null;
        }

        await users.ResetAccessFailedCountAsync(user);
        return await ToAccount(user);
    }

    public async Task<SignedInAccount?> FindActiveAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        return user is null || user.MustChangePassword || await users.IsLockedOutAsync(user) ? null : await ToAccount(user);
    }

    public async Task<SignedInAccount?> FindUnlockedAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        return user is null || await users.IsLockedOutAsync(user) ? null : await ToAccount(user);
    }

    private async Task<SignedInAccount> ToAccount(ApplicationUser user) =>
        new(user.Id, user.UserName!, user.DisplayName, user.MunicipalityCode, user.OrganisationId, [.. await users.GetRolesAsync(user)])
        {
            MustChangePassword = user.MustChangePassword,
        };
}
