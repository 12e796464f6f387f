using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Common.Texts;
using LinkWorker.Infrastructure.Identity;
using Microsoft.Extensions.Options;

namespace LinkWorker.Api.Security;

/// <summary>
/// The caller, read from the validated bearer token's claims (embedded or external issuer) — or, for work
/// without a request (demo seeding, scheduled jobs), the user this scope impersonates.
/// </summary>
internal sealed class HttpCurrentUser(IHttpContextAccessor accessor, IOptions<AuthenticationSettings> settings) : ICurrentUser, IUserImpersonation
{
    private ICurrentUser? _impersonated;

    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;

    public bool IsAuthenticated => _impersonated?.IsAuthenticated ?? Principal?.Identity?.IsAuthenticated == true;

    public Guid? UserId => _impersonated is not null ? _impersonated.UserId : Claim(ClaimNames.Subject) is { } subject ? ToUserId(subject) : null;

    public string? MunicipalityCode => _impersonated is not null
        ? _impersonated.MunicipalityCode
        : Claim(settings.Value.IsExternal ? settings.Value.MunicipalityClaim : ClaimNames.Municipality);

    public Guid? OrganisationId => _impersonated is not null
        ? _impersonated.OrganisationId
        : Guid.TryParse(Claim(settings.Value.IsExternal ? settings.Value.OrganisationClaim : ClaimNames.Organisation), out var id) ? id : null;

    public IReadOnlyList<string> Roles
    {
        get
        {
            if (_impersonated is not null)
            {
                return _impersonated.Roles;
            }

            var roleClaim = settings.Value.IsExternal ? settings.Value.RoleClaim : ClaimNames.Role;
            return Principal?.FindAll(roleClaim).Select(c => c.Value).Where(LinkWorker.Application.Common.Security.Roles.All.Contains).ToArray() ?? [];
        }
    }

    public string? CorrelationId => _impersonated is not null
        ? _impersonated.CorrelationId
        : accessor.HttpContext is { } context ? CorrelationIdMiddleware.Get(context) : null;

    public string? DisplayName => _impersonated is not null
        ? _impersonated.DisplayName
        : Claim(settings.Value.IsExternal ? settings.Value.NameClaim : ClaimNames.Name);

    public Language Language => _impersonated is not null
        ? _impersonated.Language
        : accessor.HttpContext is { } context ? RequestLanguage.Of(context.Request) : Language.Danish;

    public void Impersonate(ICurrentUser user)
    {
        if (accessor.HttpContext is not null)
        {
            throw new InvalidOperationException("A request acts as its caller; only work without a request may impersonate.");
        }

        _impersonated = user;
    }

    private string? Claim(string type) => IsAuthenticated ? Principal!.FindFirst(type)?.Value : null;

    // External providers' subjects need not be GUIDs; a stable hash gives them one.
    private static Guid ToUserId(string subject) =>
        Guid.TryParse(subject, out var id) ? id : new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(subject)).AsSpan(0, 16));
}
