namespace LinkWorker.Application.Accounts;

/// <summary>
/// The embedded account store (ASP.NET Core Identity) as the account use cases need it (ADR 0019). Every call is
/// limited to one municipality: an account of another municipality is "not found". Passwords go in and one-time
/// passwords come out; neither is ever logged or audited.
/// </summary>
public interface IAccountStore
{
    Task<AccountView?> FindAsync(Guid id, string municipalityCode, CancellationToken cancellationToken);

    /// <summary>The municipality's accounts ordered by id (creation order), after <paramref name="afterId"/>.</summary>
    Task<IReadOnlyList<AccountView>> ListAsync(string municipalityCode, Guid? afterId, int take, CancellationToken cancellationToken);

    /// <summary>Creates the account with a one-time password it must change at its first sign-in.</summary>
    /// <exception cref="AccountRejectedException">The user name is taken or Identity refuses a value.</exception>
    Task<CreatedAccount> CreateAsync(NewAccount account, CancellationToken cancellationToken);

    Task SetRolesAsync(Guid id, IReadOnlyList<string> roles, CancellationToken cancellationToken);

    /// <summary>Locks the account until unlocked and revokes every token and refresh token it holds.</summary>
    Task LockAsync(Guid id, CancellationToken cancellationToken);

    Task UnlockAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the password by a one-time password (returned once) that must be changed at the next sign-in, and
    /// revokes the account's tokens.
    /// </summary>
    Task<string> ForcePasswordResetAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The person's own change: errors by field ("currentPassword", "newPassword"), empty when done.</summary>
    Task<IReadOnlyDictionary<string, string[]>> ChangePasswordAsync(Guid id, string currentPassword, string newPassword, CancellationToken cancellationToken);
}

public sealed record NewAccount(
    string UserName, string DisplayName, string? Email, string MunicipalityCode, Guid? OrganisationId, IReadOnlyList<string> Roles);

public sealed record CreatedAccount(Guid Id, string InitialPassword);

/// <summary>An account as administrators see it: never a password, hash, security stamp or authenticator key.</summary>
public sealed record AccountView(
    Guid Id,
    string UserName,
    string DisplayName,
    string? Email,
    IReadOnlyList<string> Roles,
    Guid? OrganisationId,
    bool Locked,
    bool MustChangePassword,
    bool SecondFactorEnrolled);

/// <summary>The store refused a value; the errors are by request field.</summary>
public sealed class AccountRejectedException(IReadOnlyDictionary<string, string[]> errors) : Exception("The account was refused.")
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
