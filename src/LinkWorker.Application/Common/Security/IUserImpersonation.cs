namespace LinkWorker.Application.Common.Security;

/// <summary>
/// Lets work without an HTTP request (demo seeding, scheduled jobs) act as a given user in the current scope, so
/// it passes through the same pipeline and rules as a request would.
/// </summary>
public interface IUserImpersonation
{
    void Impersonate(ICurrentUser user);
}

public sealed record StaticUser(Guid? UserId, string? MunicipalityCode, Guid? OrganisationId, IReadOnlyList<string> Roles) : ICurrentUser
{
    public bool IsAuthenticated => UserId is not null;

    public string? CorrelationId { get; init; }
}
