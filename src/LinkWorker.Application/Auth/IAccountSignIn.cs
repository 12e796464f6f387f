namespace LinkWorker.Application.Auth;

/// <summary>Checks a person's password against the embedded account store, with its lockout.</summary>
public interface IAccountSignIn
{
    /// <summary>
    /// The account when the password is right and the account is not locked; otherwise null, and the same null
    /// for an unknown user, a locked account and a wrong password (nobody learns which user names exist).
    /// </summary>
    Task<SignedInAccount?> CheckPasswordAsync(string userName, string password, CancellationToken cancellationToken);

    /// <summary>
    /// The account as it is now, or null when it is gone or locked, or must change its one-time password first (a
    /// refresh or a single sign-on must not outlive that).
    /// </summary>
    Task<SignedInAccount?> FindActiveAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>The account unless it is gone or locked, also while it must change its one-time password.</summary>
    Task<SignedInAccount?> FindUnlockedAsync(Guid userId, CancellationToken cancellationToken);
}

public sealed record SignedInAccount(
    Guid Id, string UserName, string DisplayName, string MunicipalityCode, Guid? OrganisationId, IReadOnlyList<string> Roles)
{
    /// <summary>The password is a one-time password (new account, forced reset): a new one must be chosen first.</summary>
    public bool MustChangePassword { get; init; }
}
