namespace LinkWorker.Application.Common.Security;

/// <summary>The caller, as the validated token says.</summary>
public interface ICurrentUser
{
    bool IsAuthenticated { get; }

    Guid? UserId { get; }

    string? MunicipalityCode { get; }

    Guid? OrganisationId { get; }

    IReadOnlyList<string> Roles { get; }

    string? CorrelationId { get; }

    /// <summary>The name the token gives the caller, if any (the routing history names who decided).</summary>
    string? DisplayName => null;

    /// <summary>The language the caller reads (the request's Accept-Language); Danish unless they chose English.</summary>
    Texts.Language Language => Texts.Language.Danish;

    bool IsInRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>The user id; throws when there is none, which the authorization behaviour rules out first.</summary>
    Guid RequiredUserId => UserId ?? throw new InvalidOperationException("No signed-in user.");

    string RequiredMunicipalityCode => MunicipalityCode ?? throw new InvalidOperationException("The user has no municipality.");
}
