namespace LinkWorker.Application.Auth;

/// <summary>
/// A person's second factor: a TOTP authenticator (RFC 6238) with one-time recovery codes (ADR 0013). Wrong codes
/// count towards the same lockout as wrong passwords.
/// </summary>
public interface ISecondFactor
{
    Task<bool> IsEnrolledAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>The authenticator key to enrol (created when the person has none) and its otpauth:// URI for a QR code.</summary>
    Task<AuthenticatorEnrolment> BeginEnrolmentAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>Checks a code from the new authenticator; when right, turns the factor on and returns ten recovery codes.</summary>
    Task<IReadOnlyList<string>?> CompleteEnrolmentAsync(Guid userId, string code, CancellationToken cancellationToken);

    /// <summary>A code from the authenticator, or a recovery code (which is then used up).</summary>
    Task<bool> VerifyAsync(Guid userId, string code, CancellationToken cancellationToken);

    /// <summary>Removes a person's second factor so they enrol again; false when no such person is in the municipality.</summary>
    Task<bool> ResetAsync(Guid userId, string municipalityCode, CancellationToken cancellationToken);
}

public sealed record AuthenticatorEnrolment(string SharedKey, string AuthenticatorUri);
