namespace LinkWorker.Infrastructure.Identity;

/// <summary>Claim names of the embedded issuer's tokens.</summary>
public static class ClaimNames
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string Municipality = "municipality";
    public const string Organisation = "organisation";

    /// <summary>How the person signed in (RFC 8176): "pwd", and "otp" + "mfa" after the second factor.</summary>
    public const string AuthenticationMethods = "amr";
}
