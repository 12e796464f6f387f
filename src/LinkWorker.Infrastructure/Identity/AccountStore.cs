using System.Security.Cryptography;
using LinkWorker.Application.Accounts;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace LinkWorker.Infrastructure.Identity;

/// <summary>Accounts in ASP.NET Core Identity (ADR 0019). Runs inside the request's unit of work (the same DbContext).</summary>
internal sealed class AccountStore(
    LinkWorkerDbContext db,
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole<Guid>> roles,
    IOpenIddictTokenManager tokens,
    IOpenIddictAuthorizationManager authorizations,
    TimeProvider clock) : IAccountStore
{
    public async Task<AccountView?> FindAsync(Guid id, string municipalityCode, CancellationToken cancellationToken) =>
        (await Views(db.Users.Where(u => u.Id == id && u.MunicipalityCode == municipalityCode), cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<AccountView>> ListAsync(string municipalityCode, Guid? afterId, int take, CancellationToken cancellationToken)
    {
        var accounts = db.Users.Where(u => u.MunicipalityCode == municipalityCode);
        if (afterId is { } after)
        {
            accounts = accounts.Where(u => u.Id.CompareTo(after) > 0);
        }

        return Views(accounts.OrderBy(u => u.Id).Take(take), cancellationToken);
    }

    public async Task<CreatedAccount> CreateAsync(NewAccount account, CancellationToken cancellationToken)
    {
        var user = new ApplicationUser
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            UserName = account.UserName,
            DisplayName = account.DisplayName,
            Email = account.Email,
            MunicipalityCode = account.MunicipalityCode,
            OrganisationId = account.OrganisationId,
            MustChangePassword = true,
        };
        var password = OneTimePassword();
        Check(await users.CreateAsync(user, password));
        await EnsureRoles(account.Roles);
        Check(await users.AddToRolesAsync(user, account.Roles));
        return new CreatedAccount(user.Id, password);
    }

    public async Task SetRolesAsync(Guid id, IReadOnlyList<string> newRoles, CancellationToken cancellationToken)
    {
        var user = await Find(id);
        var current = await users.GetRolesAsync(user);
        await EnsureRoles(newRoles);
        Check(await users.RemoveFromRolesAsync(user, current.Except(newRoles, StringComparer.Ordinal)));
        Check(await users.AddToRolesAsync(user, newRoles.Except(current, StringComparer.Ordinal)));
        // Tokens carry the roles: a removed role must not live on in them until they expire.
        await RevokeTokens(user, cancellationToken);
    }

    public async Task LockAsync(Guid id, CancellationToken cancellationToken)
    {
        var user = await Find(id);
        user.LockedAt = clock.GetUtcNow();
        // Identity's own lockout says "no" at the sign-in page with the same answer as a wrong password.
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        Check(await users.UpdateSecurityStampAsync(user));
        await RevokeTokens(user, cancellationToken);
    }

    public async Task UnlockAsync(Guid id, CancellationToken cancellationToken)
    {
        var user = await Find(id);
        user.LockedAt = null;
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        Check(await users.UpdateAsync(user));
    }

    public async Task<string> ForcePasswordResetAsync(Guid id, CancellationToken cancellationToken)
    {
        var user = await Find(id);
        var password = OneTimePassword();
        Check(await users.RemovePasswordAsync(user));
        Check(await users.AddPasswordAsync(user, password));
        user.MustChangePassword = true;
        Check(await users.UpdateAsync(user));
        await RevokeTokens(user, cancellationToken);
        return password;
    }

    public async Task<IReadOnlyDictionary<string, string[]>> ChangePasswordAsync(
        Guid id, string currentPassword, string newPassword, CancellationToken cancellationToken)
    {
        var user = await Find(id);
        if (!await users.CheckPasswordAsync(user, currentPassword))
        {
            return new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["currentPassword"] = ["Den nuværende adgangskode er forkert. / The current password is wrong."],
            };
        }

        var result = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (!result.Succeeded)
        {
            return new Dictionary<string, string[]>(StringComparer.Ordinal) { ["newPassword"] = [.. result.Errors.Select(e => e.Description)] };
        }

        user.MustChangePassword = false;
        Check(await users.UpdateAsync(user));
        return new Dictionary<string, string[]>(StringComparer.Ordinal);
    }

    /// <summary>Every OpenID Connect token and authorization of the account, and its password-flow refresh tokens.</summary>
    private async Task RevokeTokens(ApplicationUser user, CancellationToken cancellationToken)
    {
        var subject = user.Id.ToString();
        await authorizations.RevokeBySubjectAsync(subject, cancellationToken);
        await tokens.RevokeBySubjectAsync(subject, cancellationToken);
        var now = clock.GetUtcNow();
        await db.RefreshTokens.Where(t => t.UserId == user.Id && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
    }

    private async Task<IReadOnlyList<AccountView>> Views(IQueryable<ApplicationUser> accounts, CancellationToken cancellationToken)
    {
        var rows = await accounts.AsNoTracking()
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.Email, u.OrganisationId, u.LockedAt, u.MustChangePassword, u.TwoFactorEnabled })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var roleRows = await (from userRole in db.UserRoles
                              join role in db.Roles on userRole.RoleId equals role.Id
                              where ids.Contains(userRole.UserId)
                              select new { userRole.UserId, role.Name }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new AccountView(
            r.Id, r.UserName!, r.DisplayName, r.Email,
            [.. roleRows.Where(x => x.UserId == r.Id).Select(x => x.Name!).Order(StringComparer.Ordinal)],
            r.OrganisationId, r.LockedAt is not null, r.MustChangePassword, r.TwoFactorEnabled))];
    }

    private async Task EnsureRoles(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (!await roles.RoleExistsAsync(name))
            {
                Check(await roles.CreateAsync(new IdentityRole<Guid>(name) { Id = Guid.CreateVersion7(clock.GetUtcNow()) }));
            }
        }
    }

    private async Task<ApplicationUser> Find(Guid id) =>
        await users.FindByIdAsync(id.ToString()) ?? throw new InvalidOperationException("The account is gone.");

    /// <summary>Identity's refusals as field errors; the codes say which field.</summary>
    private static void Check(IdentityResult result)
    {
        if (result.Succeeded)
        {
            return;
        }

        var errors = result.Errors
            .GroupBy(e => e.Code switch
            {
                "DuplicateUserName" or "InvalidUserName" => "userName",
                "DuplicateEmail" or "InvalidEmail" => "email",
                "DuplicateRoleName" or "InvalidRoleName" => "roles",
                _ when e.Code.StartsWith("Password", StringComparison.Ordinal) => "password",
                _ => "account",
            })
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray(), StringComparer.Ordinal);
        throw new AccountRejectedException(errors);
    }

    /// <summary>
    /// A one-time password that meets Identity's rules: four groups of four from an alphabet without look-alikes,
    /// about 80 bits, plus a digit, an upper-case letter and a hyphen.
    /// </summary>
    internal static string OneTimePassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        var groups = Enumerable.Range(0, 4).Select(_ => new string(RandomNumberGenerator.GetItems<char>(alphabet, 4)));
        return $"{string.Join('-', groups)}-A{RandomNumberGenerator.GetInt32(10)}";
    }
}
