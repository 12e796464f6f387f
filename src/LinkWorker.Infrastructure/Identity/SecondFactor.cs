using LinkWorker.Application.Auth;
using LinkWorker.Application.Common.Security;
using Microsoft.AspNetCore.Identity;

namespace LinkWorker.Infrastructure.Identity;

/// <summary>ASP.NET Core Identity's authenticator support: the key and recovery codes live in AspNetUserTokens.</summary>
public sealed class SecondFactor(UserManager<ApplicationUser> users) : ISecondFactor
{
    /// <summary>Staff who see citizen data; they must use a second factor when Authentication:RequireMfa is on.</summary>
    public static readonly IReadOnlyList<string> StaffRoles = [Roles.Guide, Roles.Coordinator, Roles.Administrator];

    private const string Issuer = "LinkWorker";

    public async Task<bool> IsEnrolledAsync(Guid userId, CancellationToken cancellationToken) =>
        await users.FindByIdAsync(userId.ToString()) is { } user && await users.GetTwoFactorEnabledAsync(user);

    public async Task<AuthenticatorEnrolment> BeginEnrolmentAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await Find(userId);
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }

        var label = Uri.EscapeDataString($"{Issuer}:{user.UserName}");
        return new AuthenticatorEnrolment(key!, $"otpauth://totp/{label}?secret={key}&issuer={Issuer}&digits=6&period=30");
    }

    public async Task<IReadOnlyList<string>?> CompleteEnrolmentAsync(Guid userId, string code, CancellationToken cancellationToken)
    {
        var user = await Find(userId);
        if (!await CheckCode(user, code))
        {
            return null;
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        return [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? []];
    }

    public async Task<bool> VerifyAsync(Guid userId, string code, CancellationToken cancellationToken)
    {
        var user = await Find(userId);
        if (await CheckCode(user, code))
        {
            return true;
        }

        // A recovery code is longer than six digits; it works once.
        if (code.Length > 6 && !await users.IsLockedOutAsync(user) && (await users.RedeemTwoFactorRecoveryCodeAsync(user, code.Trim())).Succeeded)
        {
            await users.ResetAccessFailedCountAsync(user);
            return true;
        }

        return false;
    }

    public async Task<bool> ResetAsync(Guid userId, string municipalityCode, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || user.MunicipalityCode != municipalityCode)
        {
            return false;
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        return true;
    }

    private async Task<bool> CheckCode(ApplicationUser user, string code)
    {
        if (await users.IsLockedOutAsync(user))
        {
            return false;
        }

        var digits = code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (digits.Length == 6 && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            await users.ResetAccessFailedCountAsync(user);
            return true;
        }

        if (code.Length <= 6)
        {
            await users.AccessFailedAsync(user);
        }

        return false;
    }

    private async Task<ApplicationUser> Find(Guid userId) =>
        await users.FindByIdAsync(userId.ToString()) ?? throw new InvalidOperationException("The account is gone.");
}
