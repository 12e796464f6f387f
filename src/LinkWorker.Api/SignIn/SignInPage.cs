using System.Text.Encodings.Web;

namespace LinkWorker.Api.SignIn;

/// <summary>
/// The embedded server's sign-in page: plain server-rendered HTML, Danish first with English beside it, every field
/// labelled, an error tied to the field it is about, and usable without JavaScript or styles.
/// </summary>
internal static class SignInPage
{
    public const string WrongCredentialsDa = "Brugernavnet eller adgangskoden er forkert, eller kontoen er låst et stykke tid.";
    public const string WrongCredentialsEn = "The user name or password is wrong, or the account is locked for a while.";

    public static IResult Render(string returnUrl, string antiforgeryField, string antiforgeryToken, string? userName, bool failed, int status = StatusCodes.Status200OK)
    {
        var h = HtmlEncoder.Default;
        var error = failed
            ? $"""
                <div id="signin-error" class="error" role="alert">
                  <p lang="da">{h.Encode(WrongCredentialsDa)}</p>
                  <p lang="en">{h.Encode(WrongCredentialsEn)}</p>
                </div>
              """
            : "";
        var invalid = failed ? """ aria-invalid="true" aria-describedby="signin-error" """ : " ";
        var html = $$"""
            <!DOCTYPE html>
            <html lang="da">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Log ind – LinkWorker</title>
              <style>
                body { font-family: system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; color: #1a1a1a; }
                label { display: block; font-weight: 600; margin-top: 1rem; }
                label span[lang="en"] { font-weight: 400; color: #555; }
                input[type=text], input[type=password] { width: 100%; padding: .5rem; font-size: 1rem; border: 2px solid #555; box-sizing: border-box; }
                input[aria-invalid="true"] { border-color: #b00020; }
                input:focus, button:focus { outline: 3px solid #0059b3; outline-offset: 2px; }
                button { margin-top: 1.5rem; padding: .6rem 1.2rem; font-size: 1rem; background: #0059b3; color: #fff; border: 0; cursor: pointer; }
                .error { border-left: 4px solid #b00020; padding: .25rem 1rem; background: #fdecee; margin-top: 1rem; }
                .error p { margin: .25rem 0; }
                [lang="en"] { color: #444; }
              </style>
            </head>
            <body>
              <main>
                <h1>Log ind <span lang="en">· Sign in</span></h1>
                <p>Log ind med din LinkWorker-konto. <span lang="en">Sign in with your LinkWorker account.</span></p>
                {{error}}
                <form method="post" action="/account/signin" novalidate>
                  <input type="hidden" name="{{h.Encode(antiforgeryField)}}" value="{{h.Encode(antiforgeryToken)}}">
                  <input type="hidden" name="returnUrl" value="{{h.Encode(returnUrl)}}">
                  <label for="userName">Brugernavn <span lang="en">(User name)</span></label>
                  <input type="text" id="userName" name="userName" autocomplete="username" required value="{{h.Encode(userName ?? "")}}"{{invalid}}{{(failed ? "" : "autofocus")}}>
                  <label for="password">Adgangskode <span lang="en">(Password)</span></label>
                  <input type="password" id="password" name="password" autocomplete="current-password" required{{invalid}}>
                  <button type="submit">Log ind <span lang="en">(Sign in)</span></button>
                </form>
              </main>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    public static IResult SignedOut() => Results.Content(
        """
        <!DOCTYPE html>
        <html lang="da">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Logget ud – LinkWorker</title></head>
        <body style="font-family: system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1rem;">
          <main>
            <h1>Du er logget ud <span lang="en">· You are signed out</span></h1>
            <p>Du kan lukke vinduet. <span lang="en">You can close this window.</span></p>
          </main>
        </body>
        </html>
        """,
        "text/html; charset=utf-8");

    /// <summary>The second step: a code from the authenticator app, or a recovery code.</summary>
    public static IResult RenderCode(string returnUrl, string antiforgeryField, string antiforgeryToken, bool failed)
    {
        var h = HtmlEncoder.Default;
        var body = $"""
            <h1>Bekræft med din kode <span lang="en">· Confirm with your code</span></h1>
            <p>Skriv den sekscifrede kode fra din godkendelsesapp – eller en af dine gendannelseskoder.
               <span lang="en">Enter the six-digit code from your authenticator app, or one of your recovery codes.</span></p>
            {CodeError(failed)}
            <form method="post" action="/account/mfa" novalidate>
              <input type="hidden" name="{h.Encode(antiforgeryField)}" value="{h.Encode(antiforgeryToken)}">
              <input type="hidden" name="returnUrl" value="{h.Encode(returnUrl)}">
              <label for="code">Kode <span lang="en">(Code)</span></label>
              <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required{Invalid(failed)}>
              <button type="submit">Bekræft <span lang="en">(Confirm)</span></button>
            </form>
            """;
        return Page("Bekræft – LinkWorker", body);
    }

    /// <summary>Enrolment: the QR code (with the key in text beside it for those who cannot scan) and the first code.</summary>
    public static IResult RenderEnrolment(string returnUrl, string antiforgeryField, string antiforgeryToken, LinkWorker.Application.Auth.AuthenticatorEnrolment enrolment, bool failed)
    {
        var h = HtmlEncoder.Default;
        var png = QRCoder.PngByteQRCodeHelper.GetQRCode(enrolment.AuthenticatorUri, QRCoder.QRCodeGenerator.ECCLevel.Q, 5);
        var key = string.Join(' ', enrolment.SharedKey.ToLowerInvariant().Chunk(4).Select(c => new string(c)));
        var body = $"""
            <h1>Tilføj en godkendelsesapp <span lang="en">· Add an authenticator app</span></h1>
            <p>Din konto giver adgang til borgeroplysninger, så du skal logge ind med to trin.
               <span lang="en">Your account gives access to citizen data, so you sign in with two steps.</span></p>
            <ol>
              <li>Scan QR-koden med en godkendelsesapp (fx Microsoft Authenticator).
                  <span lang="en">Scan the QR code with an authenticator app.</span></li>
              <li>Eller skriv nøglen: <span lang="en">Or type the key:</span> <code id="shared-key">{h.Encode(key)}</code></li>
              <li>Skriv den sekscifrede kode, appen viser. <span lang="en">Enter the six-digit code the app shows.</span></li>
            </ol>
            <img src="data:image/png;base64,{Convert.ToBase64String(png)}" width="200" height="200"
                 alt="QR-kode til godkendelsesappen; nøglen står ovenfor. (QR code for the authenticator app; the key is above.)">
            {CodeError(failed)}
            <form method="post" action="/account/mfa" novalidate>
              <input type="hidden" name="{h.Encode(antiforgeryField)}" value="{h.Encode(antiforgeryToken)}">
              <input type="hidden" name="returnUrl" value="{h.Encode(returnUrl)}">
              <input type="hidden" name="enrol" value="1">
              <label for="code">Kode fra appen <span lang="en">(Code from the app)</span></label>
              <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required{Invalid(failed)}>
              <button type="submit">Aktivér <span lang="en">(Turn on)</span></button>
            </form>
            """;
        return Page("Tilføj godkendelsesapp – LinkWorker", body);
    }

    /// <summary>The recovery codes, shown once after enrolment.</summary>
    public static IResult RenderRecoveryCodes(string returnUrl, IReadOnlyList<string> codes)
    {
        var h = HtmlEncoder.Default;
        var items = string.Concat(codes.Select(c => $"<li><code>{h.Encode(c)}</code></li>"));
        var body = $"""
            <h1>Dine gendannelseskoder <span lang="en">· Your recovery codes</span></h1>
            <p>Gem koderne et sikkert sted. Hver kode virker én gang, hvis du mister telefonen. De vises kun nu.
               <span lang="en">Keep these codes somewhere safe. Each works once if you lose your phone. They are shown only now.</span></p>
            <ul id="recovery-codes">{items}</ul>
            <p><a href="{h.Encode(returnUrl)}">Fortsæt <span lang="en">(Continue)</span></a></p>
            """;
        return Page("Gendannelseskoder – LinkWorker", body);
    }

    /// <summary>
    /// A new password: after a one-time password (<paramref name="forced"/>), or the person's own change. Each error
    /// sits under its field and is tied to it.
    /// </summary>
    public static IResult RenderPassword(
        string returnUrl, string antiforgeryField, string antiforgeryToken, bool forced, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var h = HtmlEncoder.Default;
        errors ??= new Dictionary<string, string[]>();
        string Field(string name, string da, string en, string autocomplete)
        {
            var error = errors.TryGetValue(name, out var messages)
                ? $"""<div id="{name}-error" class="error" role="alert">{string.Concat(messages.Select(m => $"<p>{h.Encode(m)}</p>"))}</div>"""
                : "";
            var invalid = error.Length > 0 ? $""" aria-invalid="true" aria-describedby="{name}-error" """ : " ";
            return $"""
                <label for="{name}">{h.Encode(da)} <span lang="en">({h.Encode(en)})</span></label>
                <input type="password" id="{name}" name="{name}" autocomplete="{autocomplete}" required{invalid}>
                {error}
                """;
        }

        var intro = forced
            ? """
              <p>Du har logget ind med en engangsadgangskode. Vælg din egen adgangskode for at fortsætte.
                 <span lang="en">You signed in with a one-time password. Choose your own password to continue.</span></p>
              """
            : """<p>Skift din adgangskode. <span lang="en">Change your password.</span></p>""";
        var body = $"""
            <h1>Vælg en ny adgangskode <span lang="en">· Choose a new password</span></h1>
            {intro}
            <p>Mindst 10 tegn med store og små bogstaver, et tal og et tegn; almindelige adgangskoder afvises.
               <span lang="en">At least 10 characters with upper- and lower-case letters, a digit and a symbol; common passwords are refused.</span></p>
            <form method="post" action="{PasswordPath}" novalidate>
              <input type="hidden" name="{h.Encode(antiforgeryField)}" value="{h.Encode(antiforgeryToken)}">
              <input type="hidden" name="returnUrl" value="{h.Encode(returnUrl)}">
              {Field("currentPassword", forced ? "Engangsadgangskode" : "Nuværende adgangskode", forced ? "One-time password" : "Current password", "current-password")}
              {Field("newPassword", "Ny adgangskode", "New password", "new-password")}
              {Field("confirmPassword", "Gentag ny adgangskode", "Repeat new password", "new-password")}
              <button type="submit">Gem <span lang="en">(Save)</span></button>
            </form>
            """;
        return Page("Ny adgangskode – LinkWorker", body);
    }

    public const string PasswordPath = "/account/password";

    public static IResult PasswordChanged(string returnUrl) => Page(
        "Adgangskoden er skiftet – LinkWorker",
        $"""
        <h1>Adgangskoden er skiftet <span lang="en">· Your password is changed</span></h1>
        <p><a href="{HtmlEncoder.Default.Encode(returnUrl)}">Fortsæt <span lang="en">(Continue)</span></a></p>
        """);

    private static string CodeError(bool failed) => failed
        ? """
          <div id="code-error" class="error" role="alert">
            <p lang="da">Koden er forkert eller udløbet.</p>
            <p lang="en">The code is wrong or has expired.</p>
          </div>
          """
        : "";

    private static string Invalid(bool failed) => failed ? """ aria-invalid="true" aria-describedby="code-error" """ : " autofocus";

    private static IResult Page(string title, string body) => Results.Content(
        $$"""
        <!DOCTYPE html>
        <html lang="da">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>{{HtmlEncoder.Default.Encode(title)}}</title>
          <style>
            body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; color: #1a1a1a; }
            label { display: block; font-weight: 600; margin-top: 1rem; }
            input[type=text], input[type=password] { width: 100%; padding: .5rem; font-size: 1rem; border: 2px solid #555; box-sizing: border-box; }
            input[aria-invalid="true"] { border-color: #b00020; }
            input:focus, button:focus, a:focus { outline: 3px solid #0059b3; outline-offset: 2px; }
            button { margin-top: 1.5rem; padding: .6rem 1.2rem; font-size: 1rem; background: #0059b3; color: #fff; border: 0; cursor: pointer; }
            .error { border-left: 4px solid #b00020; padding: .25rem 1rem; background: #fdecee; margin-top: 1rem; }
            [lang="en"] { color: #444; }
          </style>
        </head>
        <body><main>
        {{body}}
        </main></body>
        </html>
        """,
        "text/html; charset=utf-8");
}
