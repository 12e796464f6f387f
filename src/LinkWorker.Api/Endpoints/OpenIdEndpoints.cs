using System.Security.Claims;
using LinkWorker.Api.SignIn;
using LinkWorker.Application.Accounts.ChangeOwnPassword;
using LinkWorker.Application.Auth;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Infrastructure.Identity;
using Mediator;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using OidcErrors = OpenIddict.Abstractions.OpenIddictConstants.Errors;

namespace LinkWorker.Api.Endpoints;

/// <summary>
/// The parts of the embedded OpenID Connect server that need the application (ADR 0013): who is signed in at the
/// authorization endpoint, the sign-in page, fresh claims at the token endpoint and sign-out. OpenIddict itself
/// answers discovery, JWKS, revocation and introspection, and validates every request before it gets here.
/// </summary>
internal sealed class OpenIdEndpoints : IEndpointGroup
{
    private const string OpenIddictScheme = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    public void Map(IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IOptions<AuthenticationSettings>>().Value.IsExternal)
        {
            return;
        }

        var server = app.MapGroup("").AllowAnonymous().ExcludeFromDescription();
        server.MapMethods(OpenIdServer.AuthorizationPath, [HttpMethods.Get, HttpMethods.Post], (Delegate)Authorize);
        server.MapPost(OpenIdServer.TokenPath, Token).RequireRateLimiting(Auth.RateLimitPolicy);
        server.MapMethods(OpenIdServer.EndSessionPath, [HttpMethods.Get, HttpMethods.Post], (Delegate)EndSession);
        server.MapGet(OpenIdServer.SignInPath, ShowSignIn);
        server.MapPost(OpenIdServer.SignInPath, SignIn).RequireRateLimiting(Auth.RateLimitPolicy);
        server.MapPost(SecondFactorPath, SecondFactorStep).RequireRateLimiting(Auth.RateLimitPolicy);
        server.MapGet(SignedOutPath, () => SignInPage.SignedOut());
        server.MapGet(SignInPage.PasswordPath, ShowPasswordChange);
        server.MapPost(SignInPage.PasswordPath, ChangePassword).RequireRateLimiting(Auth.RateLimitPolicy);
    }

    private const string SignedOutPath = "/account/signedout";

    public const string SecondFactorPath = "/account/mfa";

    /// <summary>Password right, second factor still to come: a five-minute cookie that is no session.</summary>
    public const string PendingScheme = "LinkWorker.Pending";

    private static async Task<IResult> Authorize(HttpContext context, IAccountSignIn accounts, OpenIdPrincipals principals, CancellationToken ct)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await context.AuthenticateAsync(OpenIdServer.SessionScheme);
        var account = session.Succeeded && Guid.TryParse(session.Principal.FindFirst(Claims.Subject)?.Value, out var userId)
            ? await accounts.FindActiveAsync(userId, ct)
            : null;

        if (account is null || request.HasPromptValue(PromptValues.Login))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(OidcErrors.LoginRequired, "The user is not signed in.");
            }

            // Back here after signing in, without prompt=login (it has been honoured by then).
            var parameters = context.Request.HasFormContentType ? (IEnumerable<KeyValuePair<string, StringValues>>)await context.Request.ReadFormAsync(ct) : context.Request.Query;
            var query = QueryString.Create(parameters.Where(p => p.Key != Parameters.Prompt || p.Value != PromptValues.Login));
            var returnUrl = context.Request.PathBase + OpenIdServer.AuthorizationPath + query;
            return Results.Redirect($"{context.Request.PathBase}{OpenIdServer.SignInPath}?returnUrl={Uri.EscapeDataString(returnUrl)}");
        }

        var methods = session.Principal!.FindAll(ClaimNames.AuthenticationMethods).Select(c => c.Value);
        return Results.SignIn(principals.ForSignIn(account, request.GetScopes(), methods), authenticationScheme: OpenIddictScheme);
    }

    private static async Task<IResult> Token(
        HttpContext context, IAccountSignIn accounts, SystemClients systems, ClientAssertionReplay assertions, CancellationToken ct)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.ClientAssertion is { Length: > 0 } assertion && !await assertions.TryUseAsync(request.ClientId!, assertion, ct))
        {
            return Refuse(OidcErrors.InvalidClient, "The client assertion has been used before or has no jti.");
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            // OpenIddict has checked the code (and its PKCE verifier) or the refresh token; the account must still be usable.
            var principal = (await context.AuthenticateAsync(OpenIddictScheme)).Principal;
            var account = Guid.TryParse(principal?.GetClaim(Claims.Subject), out var userId) ? await accounts.FindActiveAsync(userId, ct) : null;
            return account is null || principal is null
                ? Refuse(OidcErrors.InvalidGrant, "The account is locked or no longer exists.")
                : Results.SignIn(OpenIdPrincipals.Refresh(principal, account), authenticationScheme: OpenIddictScheme);
        }

        if (request.IsClientCredentialsGrantType())
        {
            // OpenIddict has authenticated the client (secret or signed assertion); it must be an enabled system client.
            var principal = await systems.PrincipalForAsync(request.ClientId!, request.GetScopes(), ct);
            return principal is null
                ? Refuse(OidcErrors.UnauthorizedClient, "The client may not act as a system of an organisation.")
                : Results.SignIn(principal, authenticationScheme: OpenIddictScheme);
        }

        return Refuse(OidcErrors.UnsupportedGrantType, "The grant type is not supported.");
    }

    private static async Task<IResult> EndSession(HttpContext context)
    {
        await context.SignOutAsync(OpenIdServer.SessionScheme);

        // OpenIddict sends the browser to the client's registered post_logout_redirect_uri when it names one.
        return Results.SignOut(new AuthenticationProperties { RedirectUri = context.Request.PathBase + SignedOutPath }, [OpenIddictScheme]);
    }

    private static IResult ShowSignIn(HttpContext context, IAntiforgery antiforgery, string? returnUrl)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return SignInPage.Render(LocalOrDefault(returnUrl), tokens.FormFieldName, tokens.RequestToken!, userName: null, failed: false);
    }

    private static async Task<IResult> SignIn(
        HttpContext context, IAntiforgery antiforgery, IAccountSignIn accounts, ISecondFactor secondFactor, TimeProvider clock, CancellationToken ct)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "The sign-in form has expired or was not sent by this server.",
                detail: "Open the sign-in page again. (Formularen er udløbet – åbn log ind-siden igen.)");
        }

        var form = await context.Request.ReadFormAsync(ct);
        var returnUrl = LocalOrDefault(form["returnUrl"]);
        var userName = form["userName"].ToString().Trim();
        var password = form["password"].ToString();
        var account = userName.Length is > 0 and <= 256 && password.Length is > 0 and <= 256
            ? await accounts.CheckPasswordAsync(userName, password, ct)
            : null;
        if (account is null)
        {
            // One answer for an unknown user, a locked account and a wrong password.
            var tokens = antiforgery.GetAndStoreTokens(context);
            return SignInPage.Render(returnUrl, tokens.FormFieldName, tokens.RequestToken!, userName.Length <= 256 ? userName : null, failed: true);
        }

        if (account.MustChangePassword)
        {
            // A one-time password opens only this step: the person chooses their own password first (ADR 0019).
            await context.SignInAsync(PendingScheme, Session(PendingScheme, account.Id, ["pwd"], clock, PasswordChangeClaim));
            var again = antiforgery.GetAndStoreTokens(context);
            return SignInPage.RenderPassword(returnUrl, again.FormFieldName, again.RequestToken!, forced: true);
        }

        return await AfterPassword(context, antiforgery, secondFactor, clock, account, returnUrl, ct);
    }

    /// <summary>The password is right (and the person's own): the second factor when needed, else the session.</summary>
    private static async Task<IResult> AfterPassword(
        HttpContext context, IAntiforgery antiforgery, ISecondFactor secondFactor, TimeProvider clock, SignedInAccount account, string returnUrl, CancellationToken ct)
    {
        // Staff who see citizen data need a second factor when required; anyone enrolled always uses theirs.
        var enrolled = await secondFactor.IsEnrolledAsync(account.Id, ct);
        if (enrolled || MfaRequired(context) && account.Roles.Any(SecondFactor.StaffRoles.Contains))
        {
            await context.SignInAsync(PendingScheme, Session(PendingScheme, account.Id, ["pwd"], clock));
            var tokens = antiforgery.GetAndStoreTokens(context);
            return enrolled
                ? SignInPage.RenderCode(returnUrl, tokens.FormFieldName, tokens.RequestToken!, failed: false)
                : SignInPage.RenderEnrolment(returnUrl, tokens.FormFieldName, tokens.RequestToken!, await secondFactor.BeginEnrolmentAsync(account.Id, ct), failed: false);
        }

        await context.SignInAsync(OpenIdServer.SessionScheme, Session(OpenIdServer.SessionScheme, account.Id, ["pwd"], clock));
        return Results.Redirect(returnUrl);
    }

    private static async Task<IResult> SecondFactorStep(HttpContext context, IAntiforgery antiforgery, ISecondFactor secondFactor, TimeProvider clock, CancellationToken ct)
    {
        var pending = await context.AuthenticateAsync(PendingScheme);
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context)
            || !pending.Succeeded || !Guid.TryParse(pending.Principal.FindFirst(Claims.Subject)?.Value, out var userId))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "The sign-in has expired.",
                detail: "Open the sign-in page again. (Log ind er udløbet – åbn log ind-siden igen.)");
        }

        var form = await context.Request.ReadFormAsync(ct);
        var returnUrl = LocalOrDefault(form["returnUrl"]);
        var code = form["code"].ToString().Trim();
        var enrolling = form["enrol"] == "1";
        if (code.Length is 0 or > 64)
        {
            code = "-";
        }

        if (enrolling)
        {
            var recoveryCodes = await secondFactor.CompleteEnrolmentAsync(userId, code, ct);
            if (recoveryCodes is null)
            {
                var again = antiforgery.GetAndStoreTokens(context);
                return SignInPage.RenderEnrolment(returnUrl, again.FormFieldName, again.RequestToken!, await secondFactor.BeginEnrolmentAsync(userId, ct), failed: true);
            }

            await CompleteSignIn(context, userId, clock);
            return SignInPage.RenderRecoveryCodes(returnUrl, recoveryCodes);
        }

        if (!await secondFactor.VerifyAsync(userId, code, ct))
        {
            var again = antiforgery.GetAndStoreTokens(context);
            return SignInPage.RenderCode(returnUrl, again.FormFieldName, again.RequestToken!, failed: true);
        }

        await CompleteSignIn(context, userId, clock);
        return Results.Redirect(returnUrl);
    }

    private static async Task CompleteSignIn(HttpContext context, Guid userId, TimeProvider clock)
    {
        await context.SignOutAsync(PendingScheme);
        await context.SignInAsync(OpenIdServer.SessionScheme, Session(OpenIdServer.SessionScheme, userId, ["pwd", "otp", "mfa"], clock));
    }

    /// <summary>Who signed in, when, and how (RFC 8176 amr values), for the session or the pending second step.</summary>
    private static ClaimsPrincipal Session(string scheme, Guid userId, IEnumerable<string> methods, TimeProvider clock, string? marker = null)
    {
        var identity = new ClaimsIdentity(scheme, Claims.Name, Claims.Role);
        if (marker is not null)
        {
            identity.AddClaim(new Claim(marker, "1"));
        }

        identity.AddClaim(new Claim(Claims.Subject, userId.ToString()));
        identity.AddClaim(new Claim(Claims.AuthenticationTime, clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaims(methods.Select(method => new Claim(ClaimNames.AuthenticationMethods, method)));
        return new ClaimsPrincipal(identity);
    }

    private static ClaimsPrincipal AsCaller(SignedInAccount account)
    {
        var identity = new ClaimsIdentity(OpenIdServer.SessionScheme, ClaimNames.Name, ClaimNames.Role);
        identity.AddClaim(new Claim(ClaimNames.Subject, account.Id.ToString()));
        identity.AddClaim(new Claim(ClaimNames.Name, account.DisplayName));
        identity.AddClaim(new Claim(ClaimNames.Municipality, account.MunicipalityCode));
        if (account.OrganisationId is { } organisation)
        {
            identity.AddClaim(new Claim(ClaimNames.Organisation, organisation.ToString()));
        }

        identity.AddClaims(account.Roles.Select(role => new Claim(ClaimNames.Role, role)));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>Marks the pending cookie of a person who signed in with a one-time password and must choose their own.</summary>
    private const string PasswordChangeClaim = "lw_pwd_change";

    /// <summary>The own-password page: for a signed-in person (the session), else through the sign-in page first.</summary>
    private static async Task<IResult> ShowPasswordChange(HttpContext context, IAntiforgery antiforgery)
    {
        var session = await context.AuthenticateAsync(OpenIdServer.SessionScheme);
        if (!session.Succeeded)
        {
            return Results.Redirect($"{context.Request.PathBase}{OpenIdServer.SignInPath}?returnUrl={Uri.EscapeDataString(context.Request.PathBase + SignInPage.PasswordPath)}");
        }

        var tokens = antiforgery.GetAndStoreTokens(context);
        return SignInPage.RenderPassword(SignedInPath, tokens.FormFieldName, tokens.RequestToken!, forced: false);
    }

    /// <summary>
    /// A new password, sent as the person through the Application's ChangeOwnPasswordCommand (validated, audited):
    /// after a one-time password (the pending cookie), or the signed-in person's own change (the session).
    /// </summary>
    private static async Task<IResult> ChangePassword(
        HttpContext context, IAntiforgery antiforgery, IAccountSignIn accounts, ISecondFactor secondFactor, ISender sender, TimeProvider clock, CancellationToken ct)
    {
        var pending = await context.AuthenticateAsync(PendingScheme);
        var forced = pending.Succeeded && pending.Principal.HasClaim(c => c.Type == PasswordChangeClaim);
        var who = forced ? pending : await context.AuthenticateAsync(OpenIdServer.SessionScheme);
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context)
            || !who.Succeeded || !Guid.TryParse(who.Principal.FindFirst(Claims.Subject)?.Value, out var userId)
            || await accounts.FindUnlockedAsync(userId, ct) is not { } account)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "The sign-in has expired.",
                detail: "Open the sign-in page again. (Log ind er udløbet – åbn log ind-siden igen.)");
        }

        var form = await context.Request.ReadFormAsync(ct);
        var returnUrl = LocalOrDefault(form["returnUrl"]);
        var current = form["currentPassword"].ToString();
        var next = form["newPassword"].ToString();
        IReadOnlyDictionary<string, string[]>? errors = null;
        if (next != form["confirmPassword"].ToString())
        {
            errors = new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["confirmPassword"] = ["De to nye adgangskoder er ikke ens. / The two new passwords differ."],
            };
        }
        else
        {
            // The page has no bearer token: the command acts as the person the password step (or session) proved.
            // Only for the command: the page's antiforgery tokens stay those of an anonymous browser.
            var page = context.User;
            context.User = AsCaller(account);
            try
            {
                await sender.Send(new ChangeOwnPasswordCommand(current, next), ct);
            }
            catch (ValidationFailedException ex)
            {
                errors = ex.Errors;
            }
            finally
            {
                context.User = page;
            }
        }

        if (errors is not null)
        {
            var again = antiforgery.GetAndStoreTokens(context);
            return SignInPage.RenderPassword(returnUrl, again.FormFieldName, again.RequestToken!, forced, errors);
        }

        if (!forced)
        {
            return SignInPage.PasswordChanged(returnUrl);
        }

        await context.SignOutAsync(PendingScheme);
        return await AfterPassword(context, antiforgery, secondFactor, clock, account with { MustChangePassword = false }, returnUrl, ct);
    }

    private static bool MfaRequired(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<AuthenticationSettings>>().Value.RequireMfa
            ?? !context.RequestServices.GetRequiredService<IOptions<LinkWorker.Infrastructure.Seeding.DemoOptions>>().Value.Enabled;

    private static IResult Refuse(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictScheme]);

    /// <summary>Only a path on this server: an open redirect would hand the session to anybody's page.</summary>
    private static string LocalOrDefault(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) && Uri.IsWellFormedUriString(returnUrl, UriKind.Relative)
            ? returnUrl
            : SignedInPath;

    private const string SignedInPath = "/swagger";
}
