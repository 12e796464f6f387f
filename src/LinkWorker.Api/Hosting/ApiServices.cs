using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using LinkWorker.Api.Endpoints;
using LinkWorker.Api.Errors;
using LinkWorker.Api.Security;
using LinkWorker.Application.Common.Security;
using LinkWorker.Infrastructure.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace LinkWorker.Api.Hosting;

internal static class ApiServices
{
    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<HttpCurrentUser>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<HttpCurrentUser>());
        services.AddScoped<IUserImpersonation>(sp => sp.GetRequiredService<HttpCurrentUser>());

        services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
            // A misspelt field is an error, not silently ignored data (documented in docs/api-guide.md).
            options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions["correlationId"] = CorrelationIdMiddleware.Get(context.HttpContext);
            // Our own type URIs also for the framework's bare status codes (401 from the bearer handler…).
            var ours = context.ProblemDetails.Type?.StartsWith("https://linkworker.dk/", StringComparison.Ordinal) == true;
            context.ProblemDetails.Type = ours ? context.ProblemDetails.Type : context.ProblemDetails.Status switch
            {
                401 => ProblemTypes.Unauthenticated,
                403 => ProblemTypes.Forbidden,
                404 => ProblemTypes.NotFound,
                413 => ProblemTypes.PayloadTooLarge,
                429 => ProblemTypes.TooManyRequests,
                _ => context.ProblemDetails.Type,
            };
        });
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

        AddAuthentication(services);
        services.AddAuthorization(options =>
            options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        services.AddRateLimiter(options =>
        {
            var permits = configuration.GetValue("RateLimiting:AuthPermitsPerMinute", 30);
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(Endpoints.Auth.RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = 429, Title = "Too many sign-in attempts.", Detail = "Wait a minute and try again." },
                });
            };
        });

        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<BearerSecurityTransformer>();
            options.AddSchemaTransformer<ValidationSchemaTransformer>();
        });
        return services;
    }

    private static void AddAuthentication(IServiceCollection services)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer()
            // Embedded mode's browser session between the sign-in page and the authorization endpoint (ADR 0013).
            .AddCookie(OpenIdServer.SessionScheme, options =>
            {
                options.Cookie.Name = "linkworker.session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(10);
                options.SlidingExpiration = false;
                options.LoginPath = OpenIdServer.SignInPath;
            });
        services.AddAuthentication().AddCookie(OpenIdEndpoints.PendingScheme, options =>
        {
            options.Cookie.Name = "linkworker.pending";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromMinutes(5);
            options.SlidingExpiration = false;
        });
        services.AddAntiforgery(options => options.Cookie.Name = "linkworker.antiforgery");
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthenticationSettings>, ServerKeyStore, TimeProvider, IHttpContextAccessor, IOptions<LinkWorker.Infrastructure.Seeding.DemoOptions>>((options, settings, keys, clock, http, demo) =>
            {
                var s = settings.Value;
                options.MapInboundClaims = false;
                if (s.IsExternal)
                {
                    // The municipality's OpenID Connect provider: keys come from its discovery document.
                    options.Authority = s.Authority;
                    options.Audience = s.Audience;
                    options.TokenValidationParameters.RoleClaimType = s.RoleClaim;
                    options.TokenValidationParameters.NameClaimType = s.NameClaim;
                    return;
                }

                // The embedded OpenID Connect server's access tokens (and the password flow's, which are the same).
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidAudience = s.Audience,
                    IssuerValidator = (issuer, _, _) => http.HttpContext is { } context && issuer == OpenIdServer.IssuerFor(context, s)
                        ? issuer
                        : throw new SecurityTokenInvalidIssuerException("The token was issued by another server."),
                    IssuerSigningKeyResolver = (_, _, _, _) => keys.SigningKeys,
                    ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                    // Access tokens only: an identity token (typ JWT, audience the client) is no key to the API.
                    ValidTypes = ["at+jwt"],
                    RoleClaimType = ClaimNames.Role,
                    NameClaimType = ClaimNames.Name,
                    // Marks the identity for the token-status check after authentication (AccessTokenStatusMiddleware).
                    AuthenticationType = AccessTokenStatusMiddleware.AuthenticationType,
                    // Expiry judged by the application's clock, so tests can move time.
                    LifetimeValidator = (notBefore, expires, _, _) =>
                    {
                        var now = clock.GetUtcNow().UtcDateTime;
                        var skew = TimeSpan.FromSeconds(30);
                        return (notBefore is null || notBefore <= now + skew) && expires is not null && expires > now - skew;
                    },
                };

                // Staff who see citizen data must have signed in with a second factor when it is required (ADR 0013).
                var requireMfa = s.RequireMfa ?? !demo.Value.Enabled;
                options.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        var principal = context.Principal!;
                        var staff = principal.FindAll(ClaimNames.Role).Any(role => SecondFactor.StaffRoles.Contains(role.Value));
                        if (requireMfa && staff && !principal.FindAll(ClaimNames.AuthenticationMethods).Any(amr => amr.Value == "mfa"))
                        {
                            context.Fail("A second factor is required for this account.");
                        }

                        return Task.CompletedTask;
                    },
                };
            });
    }
}
