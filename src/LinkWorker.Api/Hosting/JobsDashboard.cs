using Hangfire;
using LinkWorker.Application.Common.Security;

namespace LinkWorker.Api.Hosting;

/// <summary>
/// Hangfire's dashboard at <see cref="Path"/>, for administrators only, through the application's own sign-in: the
/// web app's cookie or a bearer token (ADR 0020). Anonymous requests are challenged (401, or the sign-in page for
/// a browser); other roles are refused. Roles are read as everywhere else, through <see cref="ICurrentUser"/>.
/// </summary>
internal static class JobsDashboard
{
    public const string Path = "/admin/jobs";

    public const string Policy = "jobs-dashboard";

    public static IServiceCollection AddJobsDashboard(this IServiceCollection services) =>
        services.AddAuthorization(options => options.AddPolicy(Policy, policy => policy
            .RequireAuthenticatedUser()
            .RequireAssertion(context => context.Resource is HttpContext http &&
                http.RequestServices.GetRequiredService<ICurrentUser>().Roles.Contains(Roles.Administrator))));

    public static IEndpointConventionBuilder MapJobsDashboard(this WebApplication app) =>
        app.MapHangfireDashboardWithAuthorizationPolicy(Policy, Path, new DashboardOptions
        {
            DashboardTitle = "LinkWorker – baggrundsjob / background jobs",
            AppPath = "/",
            DisplayStorageConnectionString = false,
        });
}
