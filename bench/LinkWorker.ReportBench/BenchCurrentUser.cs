using LinkWorker.Application.Common.Security;

namespace LinkWorker.ReportBench;

/// <summary>
/// The bench's <see cref="ICurrentUser"/>, as HttpCurrentUser is for work without a request: nobody (which lets the
/// seeding write any municipality's rows) until the scope impersonates the coordinator.
/// </summary>
internal sealed class BenchCurrentUser : ICurrentUser, IUserImpersonation
{
    private ICurrentUser? _impersonated;

    public bool IsAuthenticated => _impersonated?.IsAuthenticated ?? false;

    public Guid? UserId => _impersonated?.UserId;

    public string? MunicipalityCode => _impersonated?.MunicipalityCode;

    public Guid? OrganisationId => _impersonated?.OrganisationId;

    public IReadOnlyList<string> Roles => _impersonated?.Roles ?? [];

    public string? CorrelationId => _impersonated?.CorrelationId;

    public void Impersonate(ICurrentUser user) => _impersonated = user;
}
